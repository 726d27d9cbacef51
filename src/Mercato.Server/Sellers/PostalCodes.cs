using System.Globalization;

namespace Mercato.Server.Sellers;

// US ZIP centroids from the embedded us_zipcodes.csv (waldoj/frostline, MIT).
internal sealed class PostalCodes
{
    private const string UnitedStatesResource = "Mercato.Server.Data.us_zipcodes.csv";

    private static readonly Lazy<PostalCodes> s_unitedStates = new(LoadUnitedStates);

    private readonly string[] _zips;
    private readonly double[] _latitudes;
    private readonly double[] _longitudes;
    private readonly Dictionary<int, int> _indexByZip;

    private PostalCodes(string[] zips, double[] latitudes, double[] longitudes, Dictionary<int, int> indexByZip)
    {
        _zips = zips;
        _latitudes = latitudes;
        _longitudes = longitudes;
        _indexByZip = indexByZip;
    }

    public static PostalCodes UnitedStates => s_unitedStates.Value;

    public int Count => _zips.Length;

    public string this[int index] => _zips[index];

    // Accepts "02134" and ZIP+4 "02134-1234"; the +4 part does not change the centroid.
    public bool TryGet(string zip, out double latitude, out double longitude)
    {
        if (TryParseZip5(zip, out var key) && _indexByZip.TryGetValue(key, out var index))
        {
            latitude = _latitudes[index];
            longitude = _longitudes[index];
            return true;
        }

        latitude = 0;
        longitude = 0;
        return false;
    }

    internal static PostalCodes Parse(TextReader reader)
    {
        var zips = new List<string>(44_000);
        var latitudes = new List<double>(44_000);
        var longitudes = new List<double>(44_000);
        var indexByZip = new Dictionary<int, int>(44_000);

        // Header: zipcode,latitude,longitude. No field is quoted.
        _ = reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var span = line.AsSpan().Trim();
            var first = span.IndexOf(',');
            var second = first < 0 ? -1 : span[(first + 1)..].IndexOf(',') + first + 1;
            if (first < 0 || second <= first)
            {
                continue;
            }

            var zip = span[..first].Trim();
            if (zip.Length != 5 || !TryParseZip5(zip, out var key) || indexByZip.ContainsKey(key)
                || !double.TryParse(span[(first + 1)..second], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                || !double.TryParse(span[(second + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude))
            {
                continue;
            }

            indexByZip.Add(key, zips.Count);
            zips.Add(zip.ToString());
            latitudes.Add(latitude);
            longitudes.Add(longitude);
        }

        return new PostalCodes([.. zips], [.. latitudes], [.. longitudes], indexByZip);
    }

    private static PostalCodes LoadUnitedStates()
    {
        using var stream = typeof(PostalCodes).Assembly.GetManifestResourceStream(UnitedStatesResource)
            ?? throw new InvalidOperationException($"Embedded resource {UnitedStatesResource} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
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
