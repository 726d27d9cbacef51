using System.CommandLine;
using System.Globalization;

namespace Mercato.Server.Infrastructure.Cli;

/// <summary>
/// The options every command takes (where the database and the reference data are). Made anew for each command
/// tree, because an option belongs to the commands it was added to and tests build many trees in one process.
/// </summary>
internal sealed class CliGlobals
{
    /// <summary>Configuration key of the reference-data folder (read by the features that use it).</summary>
    public const string ReferenceDataKey = "Mercato:ReferenceData";

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "SQLite data folder (default ./data)",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<string?> Database { get; } = new("--database")
    {
        Description = $"PostgreSQL connection string (or the {DatabaseOptions.ConnectionStringVariable} environment variable)",
        HelpName = "CONN",
        Recursive = true,
    };

    public Option<string?> ReferenceData { get; } = new("--reference-data")
    {
        Description = "folder of reference data: vehicle models, postal codes, product samples (or MERCATO_REFERENCE_DATA)",
        HelpName = "DIR",
        Recursive = true,
    };

    public IEnumerable<Option> All => [DataDir, Database, ReferenceData];

    /// <summary>The global options as configuration keys, so every command opens the same database the same way.</summary>
    public Dictionary<string, string?> Settings(ParseResult result)
    {
        var settings = new Dictionary<string, string?>();
        if (result.GetValue(DataDir) is { } dataDir)
        {
            settings[$"{DatabaseOptions.Section}:DataDir"] = dataDir;
        }

        if (result.GetValue(Database) is { } connection)
        {
            settings[$"{DatabaseOptions.Section}:ConnectionString"] = connection;
        }

        if (result.GetValue(ReferenceData) is { } folder)
        {
            settings[ReferenceDataKey] = folder;
        }

        return settings;
    }

    public DatabaseOptions ToDatabaseOptions(ParseResult result) => DatabaseOptions.FromConfiguration(Configuration(result));

    /// <summary>The global options as a configuration, for commands that read settings the way the server does.</summary>
    public IConfiguration Configuration(ParseResult result) => new ConfigurationBuilder().AddInMemoryCollection(Settings(result)).Build();

    /// <summary>A whole-number option with a range; accepts <c>1_000_000</c> and says what it wanted when it gets less.</summary>
    public static Option<int> Int(string name, string description, int fallback, int min = int.MinValue, int max = int.MaxValue, string helpName = "N")
    {
        var option = Whole(name, description, min, max, helpName, fallback);
        option.DefaultValueFactory = _ => fallback;
        return option;
    }

    /// <summary>A whole-number option that must be given (an option with a default never counts as missing).</summary>
    public static Option<int> Required(string name, string description, int min = int.MinValue, int max = int.MaxValue, string helpName = "N")
    {
        var option = Whole(name, description, min, max, helpName, 0);
        option.Required = true;
        return option;
    }

    private static Option<int> Whole(string name, string description, int min, int max, string helpName, int fallback) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return fallback;
            }

            var raw = result.Tokens[^1].Value;
            if (int.TryParse(raw.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                && value >= min && value <= max)
            {
                return value;
            }

            result.AddError(string.Create(CultureInfo.InvariantCulture, $"option '{name}' must be a whole number from {min} to {max}, not '{raw}'"));
            return fallback;
        },
    };
}
