namespace Mercato.Server.Infrastructure;

/// <summary>Where the data lives. SQLite in <see cref="DataDir"/> unless a PostgreSQL connection string is given.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Mercato:Database";

    /// <summary>Environment variable that may hold the PostgreSQL connection string.</summary>
    public const string ConnectionStringVariable = "MERCATO_DATABASE";

    public string DataDir { get; set; } = "data";

    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start. Always done on SQLite; opt-in on PostgreSQL.</summary>
    public bool AutoMigrate { get; set; }

    /// <summary>
    /// SQLite: how long a write waits for the database's single write lock before it fails (then answered 503 with
    /// Retry-After, see <see cref="DatabaseBusyHandler"/>).
    /// </summary>
    public int BusyTimeoutSeconds { get; set; } = 30;

    public static DatabaseOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new DatabaseOptions();
        configuration.GetSection(Section).Bind(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            options.ConnectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        }

        return options;
    }
}
