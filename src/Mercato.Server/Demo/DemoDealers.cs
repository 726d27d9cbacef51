using System.Globalization;
using Mercato.Server.ReferenceData;

namespace Mercato.Server.Demo;

// Dealers on real ZIP centroids (or, on the built-in fallback, on the centres of the largest US cities). About three in four hold a franchise for one make (picked by market share);
// the rest are independent used-car lots. Towns are the commonest US place names, so any ZIP is plausible.
internal sealed class DemoDealers
{
    private static readonly string[] s_surnames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas",
        "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Hall",
        "Allen", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell",
        "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy",
        "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Kelly", "Howard", "Ward", "Cox", "Garcia",
        "Martinez", "Rodriguez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez", "Ramirez", "Nguyen", "Kim", "Patel",
        "Russell", "Sullivan", "Bennett", "Hayes", "Fisher", "Hendrick", "Ellis", "Graham", "Crawford", "Hoffman",
    ];

    private static readonly string[] s_towns =
    [
        "Springfield", "Franklin", "Greenville", "Clinton", "Madison", "Fairview", "Salem", "Georgetown", "Riverside",
        "Ashland", "Bristol", "Oxford", "Jackson", "Marion", "Milford", "Newport", "Auburn", "Dayton", "Lexington",
        "Burlington", "Manchester", "Centerville", "Clayton", "Hudson", "Kingston", "Mount Vernon", "Oakland", "Dover",
        "Winchester", "Cleveland", "Arlington", "Hamilton", "Lebanon", "Chester", "Jamestown", "Plymouth", "Troy",
        "Columbia", "Florence", "Shelbyville", "Monroe", "Lancaster", "Bedford", "Farmington", "Waverly", "Princeton",
    ];

    private static readonly string[] s_words =
    [
        "Heritage", "Summit", "Lakeside", "Parkway", "Gateway", "Liberty", "Pioneer", "Valley", "Northside", "Westside",
        "Eastside", "Southern", "Crossroads", "Premier", "Hometown", "Riverbend", "Bayview", "Highland", "Prairie",
        "Sunrise", "Capital", "Countryside", "Interstate", "Route 66", "Cornerstone", "Evergreen", "Blue Ridge",
    ];

    public DemoDealers(int seed, int dealerCount, VehicleTables tables, PostalCodes zips)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dealerCount, 1);
        var makes = CarMakes.All;

        // Franchises go to makes selling new cars in the reference year, in proportion to their share.
        var current = new HashSet<int>();
        foreach (var cell in tables.Cells)
        {
            if (cell[0].Year == tables.ReferenceYear)
            {
                current.Add(cell[0].MakeIndex);
            }
        }

        var franchiseMakes = current.Order().ToArray();
        var franchiseCumulative = DemoRandom.Cumulative([.. franchiseMakes.Select(m => makes[m].Share)]);
        var perMake = new List<int>[makes.Count];
        var dealers = new GeneratedDealer[dealerCount];
        for (var i = 0; i < dealerCount; i++)
        {
            var rng = DemoRandom.ForRow(seed, i, stream: 1);
            string? make = null;
            if (franchiseMakes.Length > 0 && rng.Chance(0.75))
            {
                var m = franchiseMakes[rng.Pick(franchiseCumulative)];
                make = makes[m].Name;
                (perMake[m] ??= []).Add(i);
            }

            var zipIndex = rng.Next(zips.Count);
            var zip = zips[zipIndex];
            zips.TryGet(zip, out var latitude, out var longitude);
            dealers[i] = new GeneratedDealer(
                string.Create(CultureInfo.InvariantCulture, $"D{i + 1:D6}"),
                make is null ? IndependentName(ref rng) : FranchiseName(ref rng, make),
                "dealer",
                zip,
                latitude,
                longitude);
        }

        Dealers = dealers;
        FranchisesByMake = [.. perMake.Select(list => list is null ? [] : list.ToArray())];
    }

    public IReadOnlyList<GeneratedDealer> Dealers { get; }

    // Dealer indexes holding a franchise for each make in CarMakes.All order.
    public int[][] FranchisesByMake { get; }

    private static string FranchiseName(ref DemoRandom rng, string make)
    {
        var surname = s_surnames[rng.Next(s_surnames.Length)];
        var town = s_towns[rng.Next(s_towns.Length)];
        var word = s_words[rng.Next(s_words.Length)];
        return rng.Next(6) switch
        {
            0 or 1 => $"{surname} {make} of {town}",
            2 => $"{surname} {make}",
            3 => $"{town} {make}",
            4 => $"{word} {make}",
            _ => $"{make} of {town}",
        };
    }

    private static string IndependentName(ref DemoRandom rng)
    {
        var surname = s_surnames[rng.Next(s_surnames.Length)];
        var town = s_towns[rng.Next(s_towns.Length)];
        var word = s_words[rng.Next(s_words.Length)];
        return rng.Next(6) switch
        {
            0 => $"{surname} Auto Sales",
            1 => $"{town} Motors",
            2 => $"{word} Auto Group",
            3 => $"{surname} Pre-Owned",
            4 => $"{word} Motors of {town}",
            _ => $"{surname} & Sons Used Cars",
        };
    }
}
