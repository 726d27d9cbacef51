using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Mercato.Bench.Search;

/// <summary>
/// PostgreSQL peer: typed columns with btree indexes on every filter and sort column, a weighted tsvector (title A,
/// make/model B, the rest D, tokenized like the engine) under a GIN index, GROUP BY GROUPING SETS facets in one scan,
/// and an earthdistance GiST box prefilter followed by the engine's exact haversine. Loaded with binary COPY, then ANALYZE.
/// Every query is one round trip (a batch of statements).
/// </summary>
internal sealed class PostgresPeer : IBenchBackend, ISqlDialect
{
    public const string Variable = "MERCATO_BENCH_POSTGRES";

    // The mean Earth radius, as the engine uses; earthdistance's earth() is 6378168 m, so its box is widened to stay a superset.
    private static string Haversine(string p) =>
        $"(2 * 6371008.8 * asin(least(1, sqrt(power(sin(radians(l.lat - @{p}lat) / 2), 2) + cos(radians(@{p}lat)) * cos(radians(l.lat)) * power(sin(radians(l.lng - @{p}lng) / 2), 2)))))";

    private readonly NpgsqlConnection _connection;

    // A table of its own per run, dropped at the end, so runs sharing the database never meet.
    private readonly string _table = $"bench_listings_{Guid.NewGuid().ToString("N")[..8]}";

    private PostgresPeer(NpgsqlConnection connection) => _connection = connection;

    public string Name => "postgres";

    public double LoadSeconds { get; private set; }

    public string TextCondition => "l.doc @@ to_tsquery('simple', @q)";

    public string DistanceExpression => Haversine("p");

    public string TextParameter(string text) => BenchText.TsQuery(text);

    public string RadiusCondition(RadiusFilter radius, List<KeyValuePair<string, object>> parameters)
    {
        SqlFilters.Add(parameters, "glat", radius.Latitude);
        SqlFilters.Add(parameters, "glng", radius.Longitude);
        SqlFilters.Add(parameters, "gm", radius.Meters);
        SqlFilters.Add(parameters, "gbox", (radius.Meters * 1.002) + 10);
        return $"earth_box(ll_to_earth(@glat, @glng), @gbox) @> ll_to_earth(l.lat, l.lng) AND {Haversine("g")} <= @gm";
    }

    public static async Task<PostgresPeer> LoadAsync(string connectionString, IEnumerable<BenchListing> rows)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0, MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        var peer = new PostgresPeer(connection);
        var watch = Stopwatch.StartNew();
        await peer.ExecuteAsync(
            """
            CREATE EXTENSION IF NOT EXISTS cube;
            CREATE EXTENSION IF NOT EXISTS earthdistance;
            SET maintenance_work_mem = '1GB';
            DROP TABLE IF EXISTS {T};
            CREATE TABLE {T} (
              id bigint PRIMARY KEY, make text NOT NULL, model text NOT NULL, trim text NOT NULL, body text NOT NULL,
              fuel text NOT NULL, transmission text NOT NULL, drivetrain text NOT NULL, exterior_color text NOT NULL,
              condition text NOT NULL, year int NOT NULL, price bigint NOT NULL, mileage int NOT NULL,
              created bigint NOT NULL, lat float8 NOT NULL, lng float8 NOT NULL, doc tsvector NOT NULL);
            """);
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY {T} (id, make, model, trim, body, fuel, transmission, drivetrain, exterior_color, condition, year, price, mileage, created, lat, lng, doc) FROM STDIN (FORMAT BINARY)".Replace("{T}", peer._table, StringComparison.Ordinal)))
        {
            foreach (var row in rows)
            {
                var v = row.Vehicle;
                await import.StartRowAsync();
                await import.WriteAsync(row.Id, NpgsqlDbType.Bigint);
                foreach (var text in (string[])[v.Make, v.Model, v.Trim, v.Body, v.Fuel, v.Transmission, v.Drivetrain, v.ExteriorColor, v.Condition])
                {
                    await import.WriteAsync(SqlFilters.Key(text), NpgsqlDbType.Text);
                }

                await import.WriteAsync(v.Year, NpgsqlDbType.Integer);
                await import.WriteAsync(v.PriceMinor, NpgsqlDbType.Bigint);
                await import.WriteAsync(v.Mileage, NpgsqlDbType.Integer);
                await import.WriteAsync(row.Created, NpgsqlDbType.Bigint);
                await import.WriteAsync(row.Latitude, NpgsqlDbType.Double);
                await import.WriteAsync(row.Longitude, NpgsqlDbType.Double);
                await import.WriteAsync(Document(row), NpgsqlDbType.TsVector);
            }

            await import.CompleteAsync();
        }

        await peer.ExecuteAsync(
            """
            SET maintenance_work_mem = '1GB';
            CREATE INDEX {T}_doc ON {T} USING gin (doc) WITH (fastupdate = off);
            CREATE INDEX {T}_make_model ON {T} (make, model);
            CREATE INDEX {T}_model ON {T} (model);
            CREATE INDEX {T}_body ON {T} (body);
            CREATE INDEX {T}_condition ON {T} (condition);
            CREATE INDEX {T}_price ON {T} (price);
            CREATE INDEX {T}_year ON {T} (year);
            CREATE INDEX {T}_mileage ON {T} (mileage);
            CREATE INDEX {T}_created ON {T} (created);
            CREATE INDEX {T}_geo ON {T} USING gist (ll_to_earth(lat, lng));
            """);
        await peer.ExecuteAsync("VACUUM ANALYZE {T}");
        peer.LoadSeconds = watch.Elapsed.TotalSeconds;

        // Session settings for queries: enough memory for hash aggregates and sorts; no JIT (it costs tens of ms per plan).
        await peer.ExecuteAsync("SET work_mem = '64MB'; SET jit = off;");
        return peer;
    }

    // Lexemes with positions and weights, tokenized as the engine does (letters and digits, lower case).
    private static NpgsqlTsVector Document(BenchListing row)
    {
        var v = row.Vehicle;
        var positions = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var position = 0;
        void Add(string text, char weight)
        {
            foreach (var token in BenchText.Tokens(text))
            {
                position = Math.Min(position + 1, 16383);
                if (!positions.TryGetValue(token, out var list))
                {
                    positions[token] = list = new StringBuilder();
                }
                else
                {
                    list.Append(',');
                }

                list.Append(position.ToString(CultureInfo.InvariantCulture));
                if (weight != 'D')
                {
                    list.Append(weight);
                }
            }
        }

        Add(v.Title, 'A');
        Add(v.Make, 'B');
        Add(v.Model, 'B');
        Add(v.Trim, 'D');
        Add(v.Vin, 'D');
        Add(v.Description, 'D');
        var text = new StringBuilder();
        foreach (var (lexeme, list) in positions)
        {
            text.Append('\'').Append(lexeme).Append("':").Append(list).Append(' ');
        }

        // CS0618: Parse is obsolete because it cannot mirror every PostgreSQL parsing rule; these lexemes are plain
        // lower-case letters and digits in quotes with positions, which it reads exactly as the server would.
#pragma warning disable CS0618
        return NpgsqlTsVector.Parse(text.ToString());
#pragma warning restore CS0618
    }

    public BenchAnswer Run(BenchQuery query)
    {
        using var batch = new NpgsqlBatch(_connection);

        // One scan for the total and every facet not filtered on itself; checkbox facets get their own query.
        var shared = query.Facets.Where(f => !query.Filters.OfType<InFilter>().Any(i => i.Field == f)).ToList();
        var own = query.Facets.Except(shared).ToList();
        var p0 = new List<KeyValuePair<string, object>>();
        var where = SqlFilters.Where(query, this, p0);
        var label = shared.Count == 0 ? "''" : $"CASE {string.Concat(shared.Select(f => $"WHEN GROUPING({SqlFilters.Column(f)}) = 0 THEN '{f}' "))}ELSE '' END";
        var value = shared.Count == 0 ? "NULL::text" : $"COALESCE({string.Join(", ", shared.Select(f => $"{SqlFilters.Column(f)}::text"))})";
        var sets = shared.Count == 0 ? "()" : $"GROUPING SETS ((), {string.Join(", ", shared.Select(f => $"({SqlFilters.Column(f)})"))})";
        Add(batch, $"SELECT {label}, {value}, count(*) FROM {_table} l WHERE {where} GROUP BY {sets}", p0);
        foreach (var facet in own)
        {
            var p = new List<KeyValuePair<string, object>>();
            var column = SqlFilters.Column(facet);
            Add(batch, $"SELECT '{facet}', {column}::text, count(*) FROM {_table} l WHERE {SqlFilters.Where(query, this, p, facet)} GROUP BY {column}", p);
        }

        var page = new List<KeyValuePair<string, object>>();
        var pageWhere = SqlFilters.Where(query, this, page);
        string order;
        var select = "l.id";
        if (query.Sort == BenchSort.Relevance && SqlFilters.HasText(query))
        {
            order = "ts_rank(l.doc, to_tsquery('simple', @q)) DESC, l.id DESC";
        }
        else
        {
            order = SqlFilters.OrderBy(query.Sort);
            if (query.Sort == BenchSort.Distance)
            {
                select += $", {DistanceExpression} AS dist";
            }
        }

        if (query.Point is { } point)
        {
            SqlFilters.Add(page, "plat", point.Latitude);
            SqlFilters.Add(page, "plng", point.Longitude);
        }

        SqlFilters.Add(page, "limit", query.Limit);
        SqlFilters.Add(page, "offset", query.Offset);
        Add(batch, $"SELECT {select} FROM {_table} l WHERE {pageWhere} ORDER BY {order} LIMIT @limit OFFSET @offset", page);

        long total = 0;
        var facets = query.Facets.ToDictionary(f => f, _ => new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);
        var ids = new List<long>(query.Limit);
        using var reader = batch.ExecuteReader();
        for (var statement = 0; statement < 1 + own.Count; statement++)
        {
            while (reader.Read())
            {
                var facet = reader.GetString(0);
                if (facet.Length == 0)
                {
                    total = reader.GetInt64(2);
                }
                else
                {
                    facets[facet][reader.GetString(1)] = reader.GetInt64(2);
                }
            }

            reader.NextResult();
        }

        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return new BenchAnswer(total, true, ids, facets.ToDictionary(f => f.Key, f => (IReadOnlyDictionary<string, long>)f.Value, StringComparer.Ordinal));
    }

    private static void Add(NpgsqlBatch batch, string sql, List<KeyValuePair<string, object>> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        batch.BatchCommands.Add(command);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql.Replace("{T}", _table, StringComparison.Ordinal), _connection);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        try
        {
            using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {_table}", _connection);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The figures are taken; a table left behind only costs disk until the next cleanup.
        }

        _connection.Dispose();
    }
}
