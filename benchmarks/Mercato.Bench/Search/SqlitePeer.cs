using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Mercato.Bench.Search;

/// <summary>
/// SQLite peer: typed columns with btree indexes on every filter and sort column, a contentless FTS5 table
/// (unicode61, diacritics removed, prefix indexes 2–4) keyed by listing id, GROUP BY facets, and the engine's
/// haversine as a registered function behind a bounding-box prefilter on (lat, lng).
/// </summary>
internal sealed class SqlitePeer : IBenchBackend, ISqlDialect
{
    private readonly SqliteConnection _connection;
    private readonly string _directory;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    private SqlitePeer(SqliteConnection connection, string directory)
    {
        _connection = connection;
        _directory = directory;
    }

    public string Name => "sqlite";

    public double LoadSeconds { get; private set; }

    public string TextCondition => "l.id IN (SELECT rowid FROM listings_fts WHERE listings_fts MATCH @q)";

    public string DistanceExpression => "haversine(@plat, @plng, l.lat, l.lng)";

    public string TextParameter(string text) => BenchText.Fts5Query(text);

    public string RadiusCondition(RadiusFilter radius, List<KeyValuePair<string, object>> parameters)
    {
        var (south, north, west, east) = SqlFilters.Box(radius);
        SqlFilters.Add(parameters, "gs", south);
        SqlFilters.Add(parameters, "gn", north);
        SqlFilters.Add(parameters, "gw", west);
        SqlFilters.Add(parameters, "ge", east);
        SqlFilters.Add(parameters, "glat", radius.Latitude);
        SqlFilters.Add(parameters, "glng", radius.Longitude);
        SqlFilters.Add(parameters, "gm", radius.Meters);
        return "l.lat BETWEEN @gs AND @gn AND l.lng BETWEEN @gw AND @ge AND haversine(@glat, @glng, l.lat, l.lng) <= @gm";
    }

    public static SqlitePeer Load(IEnumerable<BenchListing> rows)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"mercato-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "bench.db"), Pooling = false }.ToString());
        connection.Open();
        connection.CreateFunction("haversine", (double lat1, double lng1, double lat2, double lng2) => SqlFilters.Haversine(lat1, lng1, lat2, lng2), isDeterministic: true);
        var peer = new SqlitePeer(connection, directory);
        var watch = Stopwatch.StartNew();
        peer.Execute(
            """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;
            PRAGMA cache_size = -1048576; PRAGMA mmap_size = 4294967296;
            CREATE TABLE listings (
              id INTEGER PRIMARY KEY, make TEXT NOT NULL, model TEXT NOT NULL, trim TEXT NOT NULL, body TEXT NOT NULL,
              fuel TEXT NOT NULL, transmission TEXT NOT NULL, drivetrain TEXT NOT NULL, exterior_color TEXT NOT NULL,
              condition TEXT NOT NULL, year INTEGER NOT NULL, price INTEGER NOT NULL, mileage INTEGER NOT NULL,
              created INTEGER NOT NULL, lat REAL NOT NULL, lng REAL NOT NULL);
            CREATE VIRTUAL TABLE listings_fts USING fts5(
              title, description, make, model, trim, vin,
              content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
            """);
        peer.Insert(rows);
        peer.Execute(
            """
            INSERT INTO listings_fts(listings_fts) VALUES ('optimize');
            CREATE INDEX listings_make_model ON listings (make, model);
            CREATE INDEX listings_model ON listings (model);
            CREATE INDEX listings_body ON listings (body);
            CREATE INDEX listings_condition ON listings (condition);
            CREATE INDEX listings_price ON listings (price);
            CREATE INDEX listings_year ON listings (year);
            CREATE INDEX listings_mileage ON listings (mileage);
            CREATE INDEX listings_created ON listings (created);
            CREATE INDEX listings_geo ON listings (lat, lng);
            ANALYZE;
            """);
        peer.LoadSeconds = watch.Elapsed.TotalSeconds;
        return peer;
    }

    private void Insert(IEnumerable<BenchListing> rows)
    {
        using var transaction = _connection.BeginTransaction();
        using var listing = _connection.CreateCommand();
        listing.Transaction = transaction;
        listing.CommandText =
            """
            INSERT INTO listings VALUES ($id, $make, $model, $trim, $body, $fuel, $transmission, $drivetrain, $color,
                                         $condition, $year, $price, $mileage, $created, $lat, $lng)
            """;
        string[] names = ["$id", "$make", "$model", "$trim", "$body", "$fuel", "$transmission", "$drivetrain", "$color", "$condition", "$year", "$price", "$mileage", "$created", "$lat", "$lng"];
        var p = names.Select(n => AddParameter(listing, n)).ToArray();
        using var text = _connection.CreateCommand();
        text.Transaction = transaction;
        text.CommandText = "INSERT INTO listings_fts (rowid, title, description, make, model, trim, vin) VALUES ($id, $title, $description, $make, $model, $trim, $vin)";
        string[] textNames = ["$id", "$title", "$description", "$make", "$model", "$trim", "$vin"];
        var t = textNames.Select(n => AddParameter(text, n)).ToArray();
        listing.Prepare();
        text.Prepare();
        foreach (var row in rows)
        {
            var v = row.Vehicle;
            object[] values = [row.Id, SqlFilters.Key(v.Make), SqlFilters.Key(v.Model), SqlFilters.Key(v.Trim), SqlFilters.Key(v.Body), SqlFilters.Key(v.Fuel), SqlFilters.Key(v.Transmission), SqlFilters.Key(v.Drivetrain), SqlFilters.Key(v.ExteriorColor), SqlFilters.Key(v.Condition), v.Year, v.PriceMinor, v.Mileage, row.Created, row.Latitude, row.Longitude];
            for (var i = 0; i < values.Length; i++)
            {
                p[i].Value = values[i];
            }

            listing.ExecuteNonQuery();
            object[] texts = [row.Id, v.Title, v.Description, v.Make, v.Model, v.Trim, v.Vin];
            for (var i = 0; i < texts.Length; i++)
            {
                t[i].Value = texts[i];
            }

            text.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    // No declared type: each value binds as what it is (integer, real or text).
    private static SqliteParameter AddParameter(SqliteCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public BenchAnswer Run(BenchQuery query)
    {
        var parameters = new List<KeyValuePair<string, object>>();
        var where = SqlFilters.Where(query, this, parameters);
        var total = Convert.ToInt64(Command($"SELECT count(*) FROM listings l WHERE {where}", parameters).ExecuteScalar(), CultureInfo.InvariantCulture);

        var facets = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var facet in query.Facets)
        {
            var own = new List<KeyValuePair<string, object>>();
            var facetWhere = SqlFilters.Where(query, this, own, facet);
            var column = SqlFilters.Column(facet);
            var counts = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            using (var reader = Command($"SELECT {column}, count(*) FROM listings l WHERE {facetWhere} GROUP BY {column}", own).ExecuteReader())
            {
                while (reader.Read())
                {
                    counts[Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!] = reader.GetInt64(1);
                }
            }

            facets[facet] = counts;
        }

        var page = new List<KeyValuePair<string, object>>();
        string sql;
        if (query.Sort == BenchSort.Relevance && SqlFilters.HasText(query))
        {
            SqlFilters.Add(page, "q", TextParameter(query.Text!));
            var rest = SqlFilters.Where(query, this, page, withText: false);
            sql = $"""
                SELECT l.id FROM listings_fts JOIN listings l ON l.id = listings_fts.rowid
                WHERE listings_fts MATCH @q AND {rest}
                ORDER BY bm25(listings_fts, 3, 1, 2, 2, 1, 1), l.id DESC LIMIT @limit OFFSET @offset
                """;
        }
        else
        {
            var pageWhere = SqlFilters.Where(query, this, page);
            var distance = query.Sort == BenchSort.Distance ? $", {DistanceExpression} AS dist" : "";
            sql = $"SELECT l.id{distance} FROM listings l WHERE {pageWhere} ORDER BY {SqlFilters.OrderBy(query.Sort)} LIMIT @limit OFFSET @offset";
        }

        if (query.Point is { } point)
        {
            SqlFilters.Add(page, "plat", point.Latitude);
            SqlFilters.Add(page, "plng", point.Longitude);
        }

        SqlFilters.Add(page, "limit", query.Limit);
        SqlFilters.Add(page, "offset", query.Offset);
        var ids = new List<long>(query.Limit);
        using (var reader = Command(sql, page).ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        return new BenchAnswer(total, true, ids, facets);
    }

    private SqliteCommand Command(string sql, List<KeyValuePair<string, object>> parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue("@" + name, value);
        }

        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _connection.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the benchmark's figures are already taken.
        }
    }
}
