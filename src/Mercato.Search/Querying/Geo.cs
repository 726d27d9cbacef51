namespace Mercato.Search.Querying;

/// <summary>Great-circle distances (haversine on a sphere of the mean Earth radius).</summary>
internal static class Geo
{
    public const double EarthRadiusMeters = 6_371_008.8;
    private const double ToRadians = Math.PI / 180;

    public static double Distance(double lat1, double lng1, double lat2, double lng2)
    {
        var dLat = (lat2 - lat1) * ToRadians;
        var dLng = (lng2 - lng1) * ToRadians;
        var sinLat = Math.Sin(dLat / 2);
        var sinLng = Math.Sin(dLng / 2);
        var a = (sinLat * sinLat) + (Math.Cos(lat1 * ToRadians) * Math.Cos(lat2 * ToRadians) * sinLng * sinLng);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>
    /// A box (degrees, with a safety margin) containing the circle; <c>AllLng</c> when it spans every longitude.
    /// Longitudes may fall outside [-180, 180] and are wrapped by the caller.
    /// </summary>
    public static (double South, double North, double West, double East, bool AllLng) CircleBox(double lat, double lng, double meters)
    {
        const double margin = 1e-6;
        var delta = meters / EarthRadiusMeters;
        var deltaDeg = (delta / ToRadians) + margin;
        var south = lat - deltaDeg;
        var north = lat + deltaDeg;
        if (delta >= Math.PI / 2 || south <= -90 || north >= 90)
        {
            return (Math.Max(south, -90), Math.Min(north, 90), -180, 180, true);
        }

        var ratio = Math.Sin(delta) / Math.Cos(lat * ToRadians);
        if (ratio >= 1)
        {
            return (south, north, -180, 180, true);
        }

        var dLng = (Math.Asin(ratio) / ToRadians) + margin;
        return (south, north, lng - dLng, lng + dLng, false);
    }
}
