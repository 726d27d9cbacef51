using System.Globalization;

namespace Mercato.Server.ReferenceData;

/// <summary>
/// US ZIP code → coordinates. From a ZIP centroid file in the reference folder (every ZIP), or from the built-in
/// cities (a city's representative ZIP, and any ZIP whose three-digit prefix belongs to the city, at its centre).
/// </summary>
internal sealed class PostalCodes
{
    public const string FileName = "us_zipcodes.csv";

    private readonly string[] _zips;
    private readonly double[] _latitudes;
    private readonly double[] _longitudes;
    private readonly Dictionary<int, int> _indexByZip;

    // Prefix (the first three digits) → index; only the built-in table has these.
    private readonly Dictionary<int, int> _indexByPrefix;

    private PostalCodes(
        string[] zips, double[] latitudes, double[] longitudes, Dictionary<int, int> indexByZip, Dictionary<int, int> indexByPrefix)
    {
        _zips = zips;
        _latitudes = latitudes;
        _longitudes = longitudes;
        _indexByZip = indexByZip;
        _indexByPrefix = indexByPrefix;
    }

    /// <summary>How many places the lookup knows; ZIPs to place generated sellers on are taken from these.</summary>
    public int Count => _zips.Length;

    public string this[int index] => _zips[index];

    // Accepts "02134" and ZIP+4 "02134-1234"; the +4 part does not change the centroid.
    public bool TryGet(string zip, out double latitude, out double longitude)
    {
        if (TryParseZip5(zip, out var key)
            && (_indexByZip.TryGetValue(key, out var index) || _indexByPrefix.TryGetValue(key / 100, out index)))
        {
            latitude = _latitudes[index];
            longitude = _longitudes[index];
            return true;
        }

        latitude = 0;
        longitude = 0;
        return false;
    }

    /// <summary>The US cities of the built-in table: their representative ZIPs, and their prefixes for other ZIPs.</summary>
    public static PostalCodes FromCities(IEnumerable<City> cities)
    {
        var us = cities.Where(c => c.Country == "US").ToArray();
        var indexByZip = new Dictionary<int, int>(us.Length);
        var indexByPrefix = new Dictionary<int, int>();
        for (var i = 0; i < us.Length; i++)
        {
            if (!TryParseZip5(us[i].PostalCode, out var key) || !indexByZip.TryAdd(key, i))
            {
                throw new InvalidOperationException($"built-in city {us[i].Name}: bad or repeated ZIP {us[i].PostalCode}");
            }

            foreach (var prefix in us[i].PostalPrefixes)
            {
                if (!indexByPrefix.TryAdd(int.Parse(prefix, NumberStyles.None, CultureInfo.InvariantCulture), i))
                {
                    throw new InvalidOperationException($"built-in city {us[i].Name}: ZIP prefix {prefix} is another city's");
                }
            }
        }

        return new PostalCodes(
            [.. us.Select(c => c.PostalCode)], [.. us.Select(c => c.Latitude)], [.. us.Select(c => c.Longitude)], indexByZip, indexByPrefix);
    }

    /// <summary>
    /// Header <c>zipcode,latitude,longitude</c>, then one ZIP a line (five digits, leading zeros kept) with decimal
    /// degrees. A ZIP listed twice keeps its first line.
    /// </summary>
    public static bool TryParse(TextReader reader, out PostalCodes? codes, out ReferenceFileError? error)
    {
        codes = null;
        var zips = new List<string>(44_000);
        var latitudes = new List<double>(44_000);
        var longitudes = new List<double>(44_000);
        var indexByZip = new Dictionary<int, int>(44_000);
        var lineNumber = 1;
        if (reader.ReadLine() is not { } header || !header.Trim().Equals("zipcode,latitude,longitude", StringComparison.OrdinalIgnoreCase))
        {
            error = new ReferenceFileError(1, "the header must be 'zipcode,latitude,longitude'");
            return false;
        }

        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var span = line.AsSpan().Trim();
            if (span.IsEmpty)
            {
                continue;
            }

            var first = span.IndexOf(',');
            var second = first < 0 ? -1 : span[(first + 1)..].IndexOf(',') + first + 1;
            if (first < 0 || second <= first)
            {
                error = new ReferenceFileError(lineNumber, "expected three fields: zipcode,latitude,longitude");
                return false;
            }

            var zip = span[..first].Trim();
            if (zip.Length != 5 || !TryParseZip5(zip, out var key))
            {
                error = new ReferenceFileError(lineNumber, $"'{zip}' is not a five-digit ZIP code");
                return false;
            }

            if (!double.TryParse(span[(first + 1)..second], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                || !double.TryParse(span[(second + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
                || latitude is < -90 or > 90 || longitude is < -180 or > 180)
            {
                error = new ReferenceFileError(lineNumber, "latitude and longitude must be decimal degrees");
                return false;
            }

            if (indexByZip.TryAdd(key, zips.Count))
            {
                zips.Add(zip.ToString());
                latitudes.Add(latitude);
                longitudes.Add(longitude);
            }
        }

        if (zips.Count == 0)
        {
            error = new ReferenceFileError(lineNumber, "the file lists no ZIP code");
            return false;
        }

        error = null;
        codes = new PostalCodes([.. zips], [.. latitudes], [.. longitudes], indexByZip, []);
        return true;
    }

    private static bool TryParseZip5(ReadOnlySpan<char> zip, out int key)
    {
        key = 0;
        zip = zip.Trim();
        if (zip.Length == 10 && zip[5] == '-')
        {
            foreach (var c in zip[6..])
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            zip = zip[..5];
        }

        if (zip.Length != 5)
        {
            return false;
        }

        foreach (var c in zip)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            key = (key * 10) + (c - '0');
        }

        return true;
    }
}
