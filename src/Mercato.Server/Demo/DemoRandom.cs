namespace Mercato.Server.Demo;

// SplitMix64: tiny, fast and identical on every runtime, unlike System.Random whose seeded sequence is not a
// documented contract. Demo data must be repeatable across machines and .NET versions.
internal struct DemoRandom(ulong seed)
{
    private ulong _state = seed;

    public static DemoRandom ForRow(int seed, long row, ulong stream = 0) =>
        new(Mix(((ulong)(uint)seed << 32) ^ (stream * 0xD1B54A32D192ED03UL)) + ((ulong)row * 0x9E3779B97F4A7C15UL));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    // Lemire's multiply-shift: unbiased enough for demo data and branch-free.
    public int Next(int exclusiveMax) => (int)(((NextUInt64() >> 32) * (ulong)exclusiveMax) >> 32);

    public int Next(int inclusiveMin, int exclusiveMax) => inclusiveMin + Next(exclusiveMax - inclusiveMin);

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    // Roughly normal (Irwin–Hall of 4), mean 0, sd 1; enough for mileage and price noise.
    public double NextGaussian() =>
        (NextDouble() + NextDouble() + NextDouble() + NextDouble() - 2.0) * 1.7320508075688772;

    // Index into a cumulative weight table (ascending, last = total).
    public int Pick(double[] cumulative)
    {
        var x = NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, x);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, cumulative.Length - 1);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // FNV-1a: string.GetHashCode is randomised per process, so it cannot drive repeatable data.
    public static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return Mix(hash);
    }

    public static double[] Cumulative(ReadOnlySpan<double> weights)
    {
        var cumulative = new double[weights.Length];
        var total = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            cumulative[i] = total;
        }

        return cumulative;
    }
}
