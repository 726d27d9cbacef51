using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Tests.Infrastructure;

/// <summary>
/// Both dialects, fully migrated, describe the same schema: tables, columns (types in a common vocabulary, nullability),
/// primary and unique keys, foreign keys and indexes. What differs on purpose is listed in <see cref="Intended"/> or
/// <see cref="SameType"/>, each with its reason; anything else is drift.
/// </summary>
public sealed class SchemaParityTests
{
    /// <summary>Type pairs (PostgreSQL, SQLite) that mean the same column, and why SQLite spells it so.</summary>
    private static readonly Dictionary<(string Postgres, string Sqlite), string> SameType = new()
    {
        [("boolean", "integer")] = "SQLite has no boolean type; 0 and 1 are stored",
        [("json", "text")] = "SQLite keeps JSON as text (its json functions read text)",
        [("timestamp", "text")] = "SQLite keeps times as ISO 8601 text, which sorts as time",
    };

    /// <summary>
    /// Tables whose times SQLite keeps as Unix milliseconds (INTEGER; Jobs/JobTime.cs): the queue compares and adds
    /// times in SQL (run_at, deadlines, budgets, heartbeats), which needs exact arithmetic that text times lack.
    /// </summary>
    private static readonly HashSet<string> UnixMillisecondTables = new(StringComparer.Ordinal)
    {
        "jobs", "job_attempts", "job_budgets", "job_nodes", "job_schedules",
    };

    /// <summary>Differences that are meant, by the line of the schema description they make, each with its reason.</summary>
    private static readonly Dictionary<string, string> Intended = new(StringComparer.Ordinal)
    {
        ["postgres lacks: fk listings(tenant_id) -> tenants(id) on delete CASCADE"] =
            "PostgreSQL checks listings' references with statement-level triggers (0007); tenants_delete_listings deletes them",
        ["postgres lacks: fk listings(seller_id) -> sellers(id) on delete NO ACTION"] =
            "PostgreSQL checks listings' references with statement-level triggers (0007); sellers_keep_listings refuses the delete",
        ["postgres lacks: fk listings(category_id) -> categories(id) on delete NO ACTION"] =
            "PostgreSQL checks listings' references with statement-level triggers (0007); categories_keep_listings refuses the delete",
    };

    /// <summary>Triggers that stand in for the foreign keys PostgreSQL does not have, or add the same-marketplace rule.</summary>
    private static readonly string[] PostgresTriggers =
        ["listings_references_inserted", "listings_references_moved", "sellers_keep_listings", "categories_keep_listings", "tenants_delete_listings"];

    private static readonly string[] SqliteTriggers = ["listings_references_inserted", "listings_references_moved"];

    [SkippableFact]
    public async Task The_migrated_SQLite_and_PostgreSQL_schemas_agree_but_for_listed_differences()
    {
        Skip.If(TestDatabases.PostgresSkipReason is not null, TestDatabases.PostgresSkipReason);
        await using var sqlite = new Database(new DatabaseOptions { DataDir = TestDatabases.NewSqliteDirectory() });
        await using var postgres = new Database(new DatabaseOptions { ConnectionString = await TestDatabases.CreatePostgresDatabaseAsync() });
        await new Migrator(sqlite, TimeProvider.System).MigrateAsync();
        await new Migrator(postgres, TimeProvider.System).MigrateAsync();
        await using var sqliteConnection = await sqlite.OpenAsync();
        await using var postgresConnection = await postgres.OpenAsync();

        var lite = await SqliteSchema.ReadAsync(sqliteConnection);
        var pg = await PostgresSchema.ReadAsync(postgresConnection);
        lite.Lines.Count.ShouldBeGreaterThan(100, "the SQLite schema was not read");
        pg.Lines.Count.ShouldBeGreaterThan(100, "the PostgreSQL schema was not read");

        var differences = new List<string>();
        foreach (var line in lite.Lines.Except(pg.Lines))
        {
            differences.Add("postgres lacks: " + line);
        }

        foreach (var line in pg.Lines.Except(lite.Lines))
        {
            differences.Add("sqlite lacks: " + line);
        }

        var drift = differences.Where(d => !Intended.ContainsKey(d) && !IsSameType(d, lite, pg)).Order(StringComparer.Ordinal).ToList();
        drift.ShouldBeEmpty("schema drift between the dialects:\n" + string.Join("\n", drift));

        var stale = Intended.Keys.Except(differences).ToList();
        stale.ShouldBeEmpty("listed as intended but no longer different (remove from the list):\n" + string.Join("\n", stale));
        PostgresTriggers.Except(pg.Triggers).ShouldBeEmpty("PostgreSQL triggers missing");
        SqliteTriggers.Except(lite.Triggers).ShouldBeEmpty("SQLite triggers missing");
    }

    /// <summary>A column line that differs only by a type pair of <see cref="SameType"/>.</summary>
    private static bool IsSameType(string difference, SchemaDescription lite, SchemaDescription pg)
    {
        var line = difference[(difference.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        if (!line.StartsWith("column ", StringComparison.Ordinal))
        {
            return false;
        }

        var key = line[..line.LastIndexOf(" type ", StringComparison.Ordinal)];
        var table = key["column ".Length..key.IndexOf('.', StringComparison.Ordinal)];
        return lite.ColumnTypes.TryGetValue(key, out var liteType) && pg.ColumnTypes.TryGetValue(key, out var pgType)
            && (SameType.ContainsKey((pgType, liteType)) || (pgType, liteType) == ("timestamp", "integer") && UnixMillisecondTables.Contains(table));
    }

    internal sealed class SchemaDescription
    {
        public HashSet<string> Lines { get; } = new(StringComparer.Ordinal);

        /// <summary>"column table.name null|not null" → type in the common vocabulary.</summary>
        public Dictionary<string, string> ColumnTypes { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Triggers { get; } = new(StringComparer.Ordinal);

        public void Column(string table, string name, string type, bool notNull)
        {
            var key = $"column {table}.{name} {(notNull ? "not null" : "null")}";
            ColumnTypes[key] = type;
            Lines.Add($"{key} type {type}");
        }

        public void Key(string kind, string table, IEnumerable<string> columns, bool partial = false) =>
            Lines.Add($"{kind} {table}({string.Join(", ", columns)}){(partial ? " where ..." : "")}");
    }

    private static class SqliteSchema
    {
        public static async Task<SchemaDescription> ReadAsync(DbConnection connection)
        {
            var schema = new SchemaDescription();
            var tables = await connection.QueryAsync<string>(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
            foreach (var table in tables)
            {
                var columns = (await connection.QueryAsync<(long Cid, string Name, string Type, long NotNull, long Pk)>(
                    "SELECT cid, name, type, \"notnull\", pk FROM pragma_table_info(@table)", new { table })).ToList();
                foreach (var column in columns)
                {
                    // An INTEGER PRIMARY KEY is the rowid: never null, whatever the declaration says.
                    schema.Column(table, column.Name, Vocabulary(column.Type), column.NotNull == 1 || column.Pk > 0);
                }

                schema.Key("primary key", table, columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name));
                var indexes = await connection.QueryAsync<(string Name, long Unique, string Origin, long Partial)>(
                    "SELECT name, \"unique\", origin, partial FROM pragma_index_list(@table)", new { table });
                foreach (var index in indexes.Where(i => i.Origin != "pk"))
                {
                    var indexColumns = await connection.QueryAsync<string?>(
                        "SELECT name FROM pragma_index_info(@name) ORDER BY seqno", new { name = index.Name });
                    schema.Key(index.Unique == 1 ? "unique" : "index", table, indexColumns.Select(c => c ?? "<expression>"), index.Partial == 1);
                }

                var keys = await connection.QueryAsync<(long Id, string Table, string From, string? To, string OnDelete)>(
                    "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(@table) ORDER BY id, seq", new { table });
                foreach (var key in keys.GroupBy(k => k.Id))
                {
                    schema.Lines.Add($"fk {table}({string.Join(", ", key.Select(k => k.From))}) -> {key.First().Table}({string.Join(", ", key.Select(k => k.To ?? "id"))}) on delete {key.First().OnDelete}");
                }
            }

            foreach (var trigger in await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            {
                schema.Triggers.Add(trigger);
            }

            return schema;
        }

        private static string Vocabulary(string declared) => declared.ToUpperInvariant() switch
        {
            "INTEGER" or "INT" or "BIGINT" => "integer",
            "TEXT" => "text",
            "REAL" or "DOUBLE" => "real",
            "BLOB" => "blob",
            "BOOLEAN" => "boolean",
            var other => "sqlite:" + other,
        };
    }

    private static class PostgresSchema
    {
        public static async Task<SchemaDescription> ReadAsync(DbConnection connection)
        {
            var schema = new SchemaDescription();
            var columns = await connection.QueryAsync<(string Table, string Name, string Type, string Nullable)>(
                """
                SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
                FROM information_schema.columns c JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                """);
            foreach (var column in columns)
            {
                schema.Column(column.Table, column.Name, Vocabulary(column.Type), column.Nullable == "NO");
            }

            var indexes = await connection.QueryAsync<(string Table, bool Primary, bool Unique, bool Partial, string Columns)>(
                """
                SELECT t.relname, x.indisprimary, x.indisunique, x.indpred IS NOT NULL,
                       array_to_string(array(SELECT COALESCE(a.attname, '<expression>') FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                                             LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n), ',')
                FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
                WHERE ns.nspname = current_schema()
                """);
            foreach (var index in indexes)
            {
                var kind = index.Primary ? "primary key" : index.Unique ? "unique" : "index";
                schema.Key(kind, index.Table, index.Columns.Split(','), index.Partial);
            }

            foreach (var table in columns.Select(c => c.Table).Distinct().Where(t => !indexes.Any(i => i.Table == t && i.Primary)))
            {
                schema.Key("primary key", table, []);
            }

            var keys = await connection.QueryAsync<(string Table, string From, string Referenced, string To, string OnDelete)>(
                """
                SELECT t.relname,
                       array_to_string(array(SELECT a.attname FROM unnest(f.conkey) WITH ORDINALITY AS k(attnum, n)
                                             JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.attnum ORDER BY k.n), ', '),
                       r.relname,
                       array_to_string(array(SELECT a.attname FROM unnest(f.confkey) WITH ORDINALITY AS k(attnum, n)
                                             JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.attnum ORDER BY k.n), ', '),
                       CASE f.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END
                FROM pg_constraint f JOIN pg_class t ON t.oid = f.conrelid JOIN pg_class r ON r.oid = f.confrelid
                JOIN pg_namespace ns ON ns.oid = t.relnamespace
                WHERE f.contype = 'f' AND ns.nspname = current_schema()
                """);
            foreach (var key in keys)
            {
                schema.Lines.Add($"fk {key.Table}({key.From}) -> {key.Referenced}({key.To}) on delete {key.OnDelete}");
            }

            foreach (var trigger in await connection.QueryAsync<string>(
                         "SELECT tgname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace WHERE NOT tgisinternal AND ns.nspname = current_schema()"))
            {
                schema.Triggers.Add(trigger);
            }

            return schema;
        }

        private static string Vocabulary(string type) => type switch
        {
            "bigint" or "integer" or "smallint" => "integer",
            "text" or "character varying" => "text",
            "double precision" or "real" => "real",
            "bytea" => "blob",
            "boolean" => "boolean",
            "jsonb" or "json" => "json",
            "timestamp with time zone" or "timestamp without time zone" => "timestamp",
            var other => "postgres:" + other,
        };
    }
}
