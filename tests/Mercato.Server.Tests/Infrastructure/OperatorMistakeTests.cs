using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mercato.Server.Tests.Infrastructure;

/// <summary>
/// The real program in a child process (its output is not a terminal): mistakes an operator can fix end with one
/// line on stderr and exit 1, wrong usage with exit 2, and progress comes as plain lines.
/// </summary>
public sealed class OperatorMistakeTests
{
    [Fact]
    public async Task A_data_folder_that_cannot_be_created_ends_with_one_line_and_exit_1()
    {
        var file = Path.Combine(TestDatabases.NewSqliteDirectory(), "a-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var (code, output, error) = await RunAsync("serve", "--no-demo", "--data-dir", Path.Combine(file, "data"));

        code.ShouldBe(1);
        error.Trim().ShouldStartWith("mercato: cannot create the data folder");
        error.Trim().ShouldNotContain("\n");
        (output + error).ShouldNotContain("   at ");
    }

    [Fact]
    public async Task A_port_in_use_ends_with_one_line_and_exit_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, output, error) = await RunAsync("serve", "--no-demo", "--data-dir", TestDatabases.NewSqliteDirectory(), "--urls", $"http://127.0.0.1:{port}");

        code.ShouldBe(1);
        error.Trim().ShouldStartWith("mercato: ");
        error.Trim().ShouldContain("address already in use");
        error.Trim().ShouldNotContain("\n");
        (output + error).ShouldNotContain("   at ");
    }

    [Fact]
    public async Task An_unknown_option_ends_with_a_suggestion_and_exit_2()
    {
        var (code, _, error) = await RunAsync("migrate", "--data-dri", TestDatabases.NewSqliteDirectory());

        code.ShouldBe(2);
        error.Trim().ShouldBe("mercato: unknown option '--data-dri' for 'migrate'; did you mean '--data-dir'? see 'mercato migrate --help'");
    }

    [Fact]
    public async Task Progress_is_plain_lines_when_the_output_is_not_a_terminal()
    {
        var dir = TestDatabases.NewSqliteDirectory();
        var feed = Path.Combine(dir, "feed.csv");

        var (code, _, error) = await RunAsync("generate", "vehicles", "--count", "3000", "--out", feed);

        code.ShouldBe(0);
        error.ShouldNotContain("\u001b[");
        error.ShouldNotContain("\r");
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldContain(line => line.StartsWith("generate: 3,000 rows in ", StringComparison.Ordinal) && line.EndsWith(" rows/s", StringComparison.Ordinal));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("MERCATO_DATABASE");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
