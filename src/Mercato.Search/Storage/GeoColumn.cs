namespace Mercato.Search.Storage;

/// <summary>A GeoPoint field of one segment: coordinates per ordinal (NaN = none) and ordinals grouped by grid cell.</summary>
internal sealed class GeoColumn
{
    public const double CellDegrees = 0.05;
    public const int LatCells = 3600;
    public const int LngCells = 7200;

    /// <summary>Most rings of cells a nearest-first walk visits before ranking every match instead.</summary>
    public const int MaxRings = 48;

    public GeoColumn(double[] lat, double[] lng)
    {
        Lat = lat;
        Lng = lng;
        var keys = new List<int>();
        var n = 0;
        for (var o = 0; o < lat.Length; o++)
        {
            if (!double.IsNaN(lat[o]))
            {
                n++;
            }
        }

        var cells = new int[n];
        var ords = new int[n];
        n = 0;
        for (var o = 0; o < lat.Length; o++)
        {
            if (!double.IsNaN(lat[o]))
            {
                cells[n] = CellOf(lat[o], lng[o]);
                ords[n++] = o;
            }
        }

        // Sorting (cell, ord) pairs packed into longs keeps ordinals ascending within a cell.
        var packed = new long[n];
        for (var i = 0; i < n; i++)
        {
            packed[i] = ((long)cells[i] << 32) | (uint)ords[i];
        }

        Array.Sort(packed);
        var starts = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var cell = (int)(packed[i] >> 32);
            ords[i] = (int)(packed[i] & 0xFFFFFFFF);
            if (keys.Count == 0 || keys[^1] != cell)
            {
                keys.Add(cell);
                starts.Add(i);
            }
        }

        starts.Add(n);
        CellKeys = [.. keys];
        CellStart = [.. starts];
        CellOrds = ords;
    }

    public double[] Lat { get; }

    public double[] Lng { get; }

    public int[] CellKeys { get; }

    public int[] CellStart { get; }

    public int[] CellOrds { get; }

    public static int LatIndex(double lat) => Math.Clamp((int)Math.Floor((lat + 90) / CellDegrees), 0, LatCells - 1);

    public static int LngIndex(double lng) => Math.Clamp((int)Math.Floor((lng + 180) / CellDegrees), 0, LngCells - 1);

    public static int CellOf(double lat, double lng) => (LatIndex(lat) * LngCells) + LngIndex(lng);

    /// <summary>Range [From, To) in <see cref="CellOrds"/> of one cell (empty when the cell holds nothing).</summary>
    public (int From, int To) Cell(int key)
    {
        var i = Array.BinarySearch(CellKeys, key);
        return i >= 0 ? (CellStart[i], CellStart[i + 1]) : (0, 0);
    }

    /// <summary>Visits the ordinals in cells of rows [latFrom, latTo] and columns [lngFrom, lngTo] (no wrap).</summary>
    public void VisitCells(int latFrom, int latTo, int lngFrom, int lngTo, Action<int> visit)
    {
        for (var row = latFrom; row <= latTo; row++)
        {
            var first = (row * LngCells) + lngFrom;
            var last = (row * LngCells) + lngTo;
            var i = Array.BinarySearch(CellKeys, first);
            if (i < 0)
            {
                i = ~i;
            }

            for (; i < CellKeys.Length && CellKeys[i] <= last; i++)
            {
                for (var j = CellStart[i]; j < CellStart[i + 1]; j++)
                {
                    visit(CellOrds[j]);
                }
            }
        }
    }

    public long MemoryBytes() => (Lat.Length * 16L) + ((CellKeys.Length + CellStart.Length + CellOrds.Length) * 4L);
}
