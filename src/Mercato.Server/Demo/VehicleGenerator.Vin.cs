using Mercato.Server.Catalog;
using static Mercato.Server.Demo.VehicleVocabulary;

namespace Mercato.Server.Demo;

// VIN layout: WMI (1-3) by make and vehicle type, model descriptor (4-7), trim/powertrain (8), check digit (9),
// model year (10), plant (11), serial (12-17). Plant + serial come from a bijection of the row index, so every
// VIN in a run is unique while neighbouring rows do not get neighbouring serials.
internal sealed partial class VehicleGenerator
{
    private const string VinAlphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    private const int Serials = 1_000_000;

    // 33 plant codes × 1,000,000 serials.
    public const int MaxVehicles = 33 * Serials;

    private string ComposeVin(ModelYear entry, string body, int trimIndex, FuelKind fuel, int index)
    {
        var wmi = body switch
        {
            Pickup or Van => entry.Make.Wmi[2],
            Suv or Minivan => entry.Make.Wmi[1],
            _ => entry.Make.Wmi[0],
        };
        var unique = Permute(index, _seed);
        var plant = unique / Serials;
        var serial = unique % Serials;

        Span<char> vin = stackalloc char[Vin.Length];
        wmi.AsSpan().CopyTo(vin);
        entry.VinDescriptor.AsSpan().CopyTo(vin[3..]);
        vin[7] = VinAlphabet[((trimIndex * 5) + (int)fuel) % VinAlphabet.Length];
        vin[8] = '0';
        vin[9] = entry.VinYear;
        vin[10] = VinAlphabet[plant];
        for (var i = Vin.Length - 1; i >= 11; i--)
        {
            vin[i] = (char)('0' + (serial % 10));
            serial /= 10;
        }

        vin[Vin.CheckDigitIndex] = Vin.ComputeCheckDigit(vin);
        return new string(vin);
    }

    // A 4-round Feistel network over 26 bits, cycle-walked into [0, MaxVehicles): a seeded bijection.
    private static int Permute(int index, int seed)
    {
        var x = (uint)index;
        do
        {
            var left = x >> 13;
            var right = x & 0x1FFF;
            for (var round = 0u; round < 4; round++)
            {
                var f = (uint)DemoRandom.Mix(((ulong)(uint)seed << 32) ^ (round << 16) ^ right) & 0x1FFF;
                (left, right) = (right, left ^ f);
            }

            x = (left << 13) | right;
        }
        while (x >= MaxVehicles);

        return (int)x;
    }
}
