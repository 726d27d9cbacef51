namespace Mercato.Server.Infrastructure.Cli;

/// <summary>Wrong usage: one line on stderr, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>A reason the program cannot do what it was asked, reported as one line with exit code 1.</summary>
internal sealed class StartupException(string message) : Exception(message);

/// <summary>The exit codes every command shares (a command may add its own above these, e.g. import's 3).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
