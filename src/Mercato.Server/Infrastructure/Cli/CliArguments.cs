namespace Mercato.Server.Infrastructure.Cli;

/// <summary>Wrong usage: one line on stderr, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>What a command accepts: options that take a value, flags, and how many positional words.</summary>
internal sealed record CommandSpec(string Name, string Summary, string Usage, IReadOnlyList<string> ValueOptions, IReadOnlyList<string> Flags, int MaxPositionals, string Help)
{
    public static readonly IReadOnlyList<string> Shared = ["--data-dir", "--database"];
}

/// <summary>Parsed command line: <c>mercato COMMAND [words] [--option value | --option=value | --flag]</c>.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    /// <summary>ASP.NET Core configuration given as <c>--Section:Key=value</c>, handed to the host unchanged (serve only).</summary>
    public List<string> Configuration { get; } = [];

    public bool Help { get; private set; }

    public static CliArguments Parse(CommandSpec spec, IReadOnlyList<string> args)
    {
        var parsed = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                parsed.Help = true;
                continue;
            }

            if (!arg.StartsWith('-') || arg == "-")
            {
                if (parsed.Positionals.Count >= spec.MaxPositionals)
                {
                    throw new CliUsageException($"unexpected argument '{arg}' for '{spec.Name}'; see 'mercato {spec.Name} --help'");
                }

                parsed.Positionals.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            if (spec.Name == "serve" && IsConfiguration(arg, name, equals))
            {
                parsed.Configuration.Add(equals > 0 || i + 1 >= args.Count ? arg : $"{arg}={args[++i]}");
            }
            else if (spec.Flags.Contains(name))
            {
                if (equals > 0)
                {
                    throw new CliUsageException($"option '{name}' takes no value; see 'mercato {spec.Name} --help'");
                }

                parsed._flags.Add(name);
            }
            else if (spec.ValueOptions.Contains(name) || CommandSpec.Shared.Contains(name))
            {
                string value;
                if (equals > 0)
                {
                    value = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new CliUsageException($"option '{name}' needs a value; see 'mercato {spec.Name} --help'");
                }

                if (!parsed._values.TryGetValue(name, out var list))
                {
                    parsed._values[name] = list = [];
                }

                list.Add(value);
            }
            else
            {
                throw new CliUsageException($"unknown option '{name}' for '{spec.Name}'; see 'mercato {spec.Name} --help'");
            }
        }

        return parsed;
    }

    // "--Section:Key=value", a host option, or an empty section marker "--Section=" (the test host sends those).
    private static bool IsConfiguration(string arg, string name, int equals) =>
        arg.StartsWith("--", StringComparison.Ordinal)
        && (name.Contains(':', StringComparison.Ordinal)
            || ServeCommand.HostOptions.Contains(name)
            || (equals == arg.Length - 1 && name.Length > 2 && char.IsUpper(name[2])));

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Value(string option) => _values.TryGetValue(option, out var list) ? list[^1] : null;

    public IReadOnlyList<string> Values(string option) => _values.TryGetValue(option, out var list) ? list : [];

    public int IntValue(string option, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var raw = Value(option);
        if (raw is null)
        {
            return fallback;
        }

        if (!int.TryParse(raw.Replace("_", "", StringComparison.Ordinal), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            throw new CliUsageException($"option '{option}' must be a whole number from {min} to {max}, not '{raw}'");
        }

        return value;
    }

    /// <summary>Database settings as configuration keys, so every command opens the same database the same way.</summary>
    public Dictionary<string, string?> DatabaseSettings()
    {
        var settings = new Dictionary<string, string?>();
        if (Value("--data-dir") is { } dataDir)
        {
            settings[$"{Infrastructure.DatabaseOptions.Section}:DataDir"] = dataDir;
        }

        if (Value("--database") is { } connection)
        {
            settings[$"{Infrastructure.DatabaseOptions.Section}:ConnectionString"] = connection;
        }

        return settings;
    }

    public DatabaseOptions ToDatabaseOptions() =>
        Infrastructure.DatabaseOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(DatabaseSettings()).Build());
}
