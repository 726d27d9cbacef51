using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Data.Common;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Infrastructure.Cli;

/// <summary>
/// Parses a command line against a command tree and runs it. Every way of ending that is not a bug ends with one
/// line on stderr: wrong usage exits 2 (with a suggestion when a name was mistyped), an operator mistake (a folder
/// that cannot be created, a port in use, a database that cannot be reached, a file that cannot be written) exits 1.
/// </summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(Command root, IReadOnlyList<string> args, string program)
    {
        var result = root.Parse(args);
        if (result.Errors.Count > 0 && result.Action is not HelpAction)
        {
            await Console.Error.WriteLineAsync($"{program}: {CliSuggestions.Describe(result, program)}");
            return ExitCodes.Usage;
        }

        try
        {
            return await result.InvokeAsync(new InvocationConfiguration
            {
                Output = Console.Out,
                Error = Console.Error,
                EnableDefaultExceptionHandler = false,

                // Ctrl+C stays with the commands: the web host shuts down gracefully, an import resumes next time.
                ProcessTerminationTimeout = null,
            });
        }
        catch (CliUsageException usage)
        {
            await Console.Error.WriteLineAsync($"{program}: {usage.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception exception) when (OperatorMistake(exception) is { } reason)
        {
            await Console.Error.WriteLineAsync($"{program}: {reason}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>The one-line reason of a failure the operator can fix, or null for a bug (which keeps its stack trace).</summary>
    internal static string? OperatorMistake(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => OperatorMistake(aggregate.InnerExceptions[0]),
        StartupException => exception.Message,
        OptionsValidationException validation => $"invalid settings: {string.Join("; ", validation.Failures)}",
        DbException or System.Net.Sockets.SocketException or TimeoutException => $"cannot use the database: {OneLine(exception.Message)}",
        IOException or UnauthorizedAccessException => OneLine(exception.Message),
        _ => null,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
