using Mercato.Bench;
using Mercato.Server.Host;

namespace Mercato.Server.Tests.Infrastructure;

[Collection(nameof(SerialConsole))]
public sealed class CliTests
{
    [Theory]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "serv" }, "unknown command 'serv'; did you mean 'serve'?")]
    [InlineData(new[] { "serve", "--bogus" }, "unknown option '--bogus' for 'serve'")]
    [InlineData(new[] { "serve", "--no-demos" }, "unknown option '--no-demos' for 'serve'; did you mean '--no-demo'?")]
    [InlineData(new[] { "import", "--tennant", "x", "--file", "f.csv" }, "did you mean '--tenant'?")]
    [InlineData(new[] { "tenants", "updat", "cars" }, "did you mean 'update'?")]
    [InlineData(new[] { "migrate", "--urls", "http://x" }, "unknown option '--urls' for 'migrate'")]
    [InlineData(new[] { "generate", "vehicles", "--count", "ten", "--out", "x.csv" }, "--count' must be a whole number")]
    [InlineData(new[] { "generate", "vehicles", "--count", "10", "--out", "x.txt" }, "must end in .csv or .jsonl")]
    [InlineData(new[] { "generate", "boats", "--count", "10", "--out", "x.csv" }, "unknown command 'boats' for 'generate'")]
    [InlineData(new[] { "tenants", "update", "cars", "--seller-approval", "maybe" }, "'maybe'")]
    [InlineData(new[] { "tenants", "add", "--slug", "Bad Slug", "--name", "x" }, "--slug:")]
    [InlineData(new[] { "serve", "--data-dir" }, "'--data-dir'")]
    public async Task Wrong_usage_prints_one_line_and_exits_2(string[] args, string expected)
    {
        var (code, _, error) = await ConsoleCapture.RunAsync(args);
        code.ShouldBe(2);
        error.Trim().ShouldContain(expected);
        error.Trim().ShouldNotContain("\n");
        error.ShouldStartWith("mercato: ");
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("migrate")]
    [InlineData("generate vehicles")]
    [InlineData("tenants")]
    [InlineData("tenants add")]
    [InlineData("import")]
    public async Task Every_command_has_help(string command)
    {
        var (code, output, _) = await ConsoleCapture.RunAsync([.. command.Split(' '), "--help"]);
        code.ShouldBe(0);
        output.ShouldContain($"mercato {command}");
        output.ShouldContain("--database");
        output.ShouldContain("--reference-data");
    }

    [Fact]
    public async Task Tenants_can_be_added_listed_and_updated()
    {
        var dir = TestDatabases.NewSqliteDirectory();
        (await ConsoleCapture.RunAsync(["tenants", "add", "--data-dir", dir, "--slug", "cars", "--name", "Cars R Us", "--host", "cars.example.com", "--verticals", "vehicles"])).Code.ShouldBe(0);
        var duplicateHost = await ConsoleCapture.RunAsync(["tenants", "add", "--data-dir", dir, "--slug", "more", "--name", "More", "--host", "cars.example.com"]);
        duplicateHost.Code.ShouldBe(1);
        duplicateHost.Error.ShouldContain("already serve another tenant");

        (await ConsoleCapture.RunAsync(["tenants", "update", "cars", "--data-dir", dir, "--add-host", "www.cars.example.com", "--primary-color", "#112233", "--currency", "eur"])).Code.ShouldBe(0);
        var (code, output, _) = await ConsoleCapture.RunAsync(["tenants", "list", "--data-dir", dir]);
        code.ShouldBe(0);
        output.ShouldContain("cars");
        output.ShouldContain("EUR");
        output.ShouldContain("www.cars.example.com");
        (await ConsoleCapture.RunAsync(["tenants", "update", "nobody", "--data-dir", dir])).Code.ShouldBe(1);
    }

    [Fact]
    public async Task Generate_writes_a_feed_with_the_documented_header()
    {
        var dir = TestDatabases.NewSqliteDirectory();
        var csv = Path.Combine(dir, "feed.csv");
        (await ConsoleCapture.RunAsync(["generate", "vehicles", "--count", "500", "--seed", "7", "--out", csv])).Code.ShouldBe(0);
        var lines = await File.ReadAllLinesAsync(csv);
        lines[0].ShouldBe("external_id,dealer_id,dealer_name,zip,vin,year,make,model,trim,body,fuel,transmission,drivetrain,exterior_color,condition,mileage,price,currency,title,description");
        lines.Length.ShouldBe(501);

        var jsonl = Path.Combine(dir, "feed.jsonl");
        (await ConsoleCapture.RunAsync(["generate", "vehicles", "--count", "20", "--seed", "7", "--out", jsonl])).Code.ShouldBe(0);
        (await File.ReadAllLinesAsync(jsonl)).Length.ShouldBe(20);
    }
}

[CollectionDefinition(nameof(SerialConsole), DisableParallelization = true)]
public sealed class SerialConsole;

/// <summary>Runs the CLI in-process with its console captured (tests in this collection never run in parallel).</summary>
internal static class ConsoleCapture
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        await Gate.WaitAsync();
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            // As the mercato script does: 'bench' runs the benchmark program, everything else the server.
            var code = args is ["bench", .. var rest] ? await BenchCommand.RunAsync(rest) : await MercatoCli.RunAsync(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Gate.Release();
        }
    }
}
