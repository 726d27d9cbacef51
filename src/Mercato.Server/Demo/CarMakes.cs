namespace Mercato.Server.Demo;

// Drivetrain habit of a make's cars: front-drive mainstream, rear-drive luxury, all-wheel-drive, or 4x4 brands.
internal enum DriveBias
{
    Front,
    Rear,
    AllWheel,
    FourByFour,
}

// Share: approximate US new-vehicle market share in percent (2023–2024 for current brands, historical for
// defunct ones; their age already makes them rare). BaseMsrp: a typical compact/mid-size model in USD today.
// Wmi: real world manufacturer identifiers for cars, utility vehicles and pickups/vans.
internal sealed record CarMake(
    string Name, double Share, int BaseMsrp, DriveBias Drive, bool Premium, string[] Wmi, string[] Trims, string[] TruckTrims);

internal static class CarMakes
{
    private static readonly string[] s_genericTrims = ["Base", "SE", "GT", "Limited"];
    private static readonly string[] s_luxuryTrims = ["Base", "Premium", "Luxury", "Sport", "Platinum"];
    private static readonly string[] s_exoticTrims = ["Base", "S", "Performance"];
    private static readonly string[] s_gmTruck = ["WT", "Custom", "LT", "RST", "LTZ", "High Country"];

    public static IReadOnlyList<CarMake> All { get; } =
    [
        Make("Toyota", 13.0, 31_000, DriveBias.Front, false, ["4T1", "5TD", "5TF"],
            ["L", "LE", "SE", "XLE", "XSE", "Limited", "Platinum"], ["SR", "SR5", "TRD Sport", "TRD Off-Road", "Limited", "Platinum"]),
        Make("Ford", 12.0, 34_000, DriveBias.Front, false, ["1FA", "1FM", "1FT"],
            ["S", "SE", "SEL", "ST-Line", "Titanium", "Limited", "Platinum"], ["XL", "XLT", "Lariat", "King Ranch", "Platinum", "Raptor"]),
        Make("Chevrolet", 10.5, 32_000, DriveBias.Front, false, ["1G1", "1GN", "1GC"],
            ["LS", "LT", "RS", "Premier", "LTZ"], s_gmTruck),
        Make("Honda", 8.2, 31_000, DriveBias.Front, false, ["1HG", "5J6", "5FP"],
            ["LX", "Sport", "EX", "EX-L", "Sport Touring", "Touring"], ["Sport", "RTL", "TrailSport", "Black Edition"]),
        Make("Nissan", 5.5, 28_000, DriveBias.Front, false, ["1N4", "5N1", "1N6"],
            ["S", "SV", "SR", "SL", "Platinum"], ["S", "SV", "PRO-4X", "SL"]),
        Make("Hyundai", 5.0, 28_000, DriveBias.Front, false, ["KMH", "5NM", "5NT"],
            ["SE", "SEL", "N Line", "Limited", "Calligraphy"], ["SE", "SEL", "Night", "Limited"]),
        Make("Kia", 4.8, 28_000, DriveBias.Front, false, ["KNA", "5XY", "KND"],
            ["LX", "LXS", "EX", "GT-Line", "SX", "SX-Prestige"], []),
        Make("Jeep", 4.0, 40_000, DriveBias.FourByFour, false, ["1C4", "1C4", "1C6"],
            ["Sport", "Latitude", "Altitude", "Limited", "Trailhawk", "Overland", "Summit"], ["Sport", "Willys", "Mojave", "Rubicon"]),
        Make("Subaru", 4.0, 31_000, DriveBias.AllWheel, false, ["4S3", "4S4", "4S4"],
            ["Base", "Premium", "Sport", "Limited", "Touring", "Wilderness"], []),
        Make("GMC", 3.9, 46_000, DriveBias.Front, false, ["1GT", "1GK", "1GT"],
            ["SLE", "Elevation", "SLT", "AT4", "Denali"], ["Pro", "SLE", "Elevation", "SLT", "AT4", "Denali"]),
        Make("Ram", 3.0, 44_000, DriveBias.FourByFour, false, ["3C6", "3C6", "1C6"],
            ["Tradesman", "Big Horn", "Laramie", "Rebel", "Limited"], []),
        Make("Tesla", 3.5, 46_000, DriveBias.AllWheel, true, ["5YJ", "7SA", "7G2"],
            ["Standard Range", "Long Range", "Performance"], ["Dual Motor", "Cyberbeast"]),
        Make("Mazda", 2.6, 31_000, DriveBias.Front, false, ["JM1", "JM3", "JM0"],
            ["Sport", "Select", "Preferred", "Carbon Edition", "Premium", "Turbo Premium Plus"], []),
        Make("Lexus", 2.4, 50_000, DriveBias.Rear, true, ["JTH", "2T2", "5TD"], ["Base", "Premium", "Luxury", "F Sport", "Ultra Luxury"], []),
        Make("BMW", 2.3, 55_000, DriveBias.Rear, true, ["WBA", "5UX", "5UX"], ["Base", "xDrive", "M Sport", "M Sport Pro"], []),
        Make("Mercedes-Benz", 2.2, 58_000, DriveBias.Rear, true, ["W1K", "4JG", "W1Y"], ["Base", "4MATIC", "AMG Line", "AMG"], []),
        Make("Volkswagen", 2.2, 31_000, DriveBias.Front, false, ["3VW", "1V2", "WV2"],
            ["S", "SE", "SE Technology", "SEL", "SEL Premium R-Line"], []),
        Make("Audi", 1.4, 52_000, DriveBias.AllWheel, true, ["WAU", "WA1", "WA1"], ["Premium", "Premium Plus", "Prestige"], []),
        Make("Buick", 1.3, 33_000, DriveBias.Front, false, ["1G4", "KL4", "5GA"], ["Preferred", "Sport Touring", "Essence", "Avenir"], []),
        Make("Dodge", 1.2, 38_000, DriveBias.Rear, false, ["2C3", "1C4", "1D7"], ["SXT", "GT", "R/T", "Scat Pack", "SRT"], []),
        Make("Cadillac", 1.0, 55_000, DriveBias.Rear, true, ["1G6", "1GY", "1GY"], ["Luxury", "Premium Luxury", "Sport", "Platinum"], []),
        Make("Acura", 0.9, 43_000, DriveBias.Front, true, ["19U", "5J8", "5J8"], ["Base", "Technology", "A-Spec", "Advance"], []),
        Make("Chrysler", 0.8, 40_000, DriveBias.Front, false, ["2C3", "2C4", "2C4"], ["Touring", "Touring L", "Limited", "Pinnacle"], []),
        Make("Volvo", 0.8, 52_000, DriveBias.AllWheel, true, ["YV1", "YV4", "YV4"], ["Core", "Plus", "Ultimate"], []),
        Make("Mitsubishi", 0.7, 25_000, DriveBias.Front, false, ["JA3", "JA4", "JA4"], ["ES", "SE", "SEL", "GT"], []),
        Make("Lincoln", 0.6, 55_000, DriveBias.Front, true, ["3LN", "5LM", "5LM"], ["Standard", "Select", "Reserve", "Black Label"], []),
        Make("Porsche", 0.5, 98_000, DriveBias.Rear, true, ["WP0", "WP1", "WP1"], ["Base", "S", "GTS", "Turbo"], []),
        Make("Land Rover", 0.5, 80_000, DriveBias.FourByFour, true, ["SAL", "SAL", "SAL"], ["S", "SE", "HSE", "Autobiography"], []),
        Make("Genesis", 0.4, 52_000, DriveBias.Rear, true, ["KMT", "KMU", "KMU"], ["Standard", "Advanced", "Sport Prestige", "Prestige"], []),
        Make("Infiniti", 0.4, 48_000, DriveBias.Rear, true, ["JN1", "JN8", "JN8"], ["Pure", "Luxe", "Sensory", "Autograph"], []),
        Make("Rivian", 0.3, 75_000, DriveBias.AllWheel, true, ["7FC", "7PD", "7FC"], ["Adventure", "Dual-Motor", "Tri-Motor"], []),
        Make("MINI", 0.2, 34_000, DriveBias.Front, false, ["WMW", "WMZ", "WMZ"], ["Classic", "Signature", "Iconic", "John Cooper Works"], []),
        Make("Jaguar", 0.1, 62_000, DriveBias.Rear, true, ["SAJ", "SAD", "SAD"], s_luxuryTrims, []),
        Make("Alfa Romeo", 0.05, 48_000, DriveBias.Rear, true, ["ZAR", "ZAS", "ZAS"], ["Sprint", "Ti", "Veloce", "Quadrifoglio"], []),
        Make("FIAT", 0.05, 24_000, DriveBias.Front, false, ["3C3", "ZFB", "ZFB"], ["Pop", "Lounge", "Abarth"], []),
        Make("Maserati", 0.05, 98_000, DriveBias.Rear, true, ["ZAM", "ZN6", "ZN6"], ["GT", "Modena", "Trofeo"], []),
        Make("Polestar", 0.05, 56_000, DriveBias.AllWheel, true, ["LPS", "YSM", "YSM"], ["Long Range Single Motor", "Long Range Dual Motor"], []),
        Make("Lucid", 0.03, 80_000, DriveBias.AllWheel, true, ["50E", "50E", "50E"], ["Pure", "Touring", "Grand Touring"], []),
        Make("smart", 0.03, 17_000, DriveBias.Rear, false, ["WME", "WME", "WME"], ["Pure", "Passion"], []),
        Make("Freightliner", 0.05, 52_000, DriveBias.Rear, false, ["WDY", "WDY", "WDY"], ["Standard Roof", "High Roof"], []),
        Make("Pontiac", 2.0, 26_000, DriveBias.Front, false, ["1G2", "1GM", "1GM"], s_genericTrims, []),
        Make("Mercury", 1.0, 30_000, DriveBias.Front, false, ["1ME", "4M2", "4M2"], ["GS", "LS", "Premier"], []),
        Make("Saturn", 1.5, 24_000, DriveBias.Front, false, ["1G8", "5GZ", "5GZ"], ["Base", "XE", "XR"], []),
        Make("Oldsmobile", 1.0, 28_000, DriveBias.Front, false, ["1G3", "1GH", "1GH"], ["GL", "GLS", "GX"], []),
        Make("Plymouth", 0.5, 20_000, DriveBias.Front, false, ["1P3", "2P4", "2P4"], s_genericTrims, []),
        Make("Scion", 0.5, 21_000, DriveBias.Front, false, ["JTK", "JTL", "JTL"], ["Base", "Release Series"], []),
        Make("Hummer", 0.3, 58_000, DriveBias.FourByFour, false, ["5GR", "5GR", "5GT"], ["Base", "Adventure", "Luxury"], []),
        Make("Suzuki", 0.3, 20_000, DriveBias.Front, false, ["JS2", "JS3", "JS3"], ["Base", "Premium", "Sport"], []),
        Make("Geo", 0.3, 14_000, DriveBias.Front, false, ["1Y1", "2CN", "2CN"], ["Base", "LSi"], []),
        Make("Isuzu", 0.2, 25_000, DriveBias.FourByFour, false, ["JAA", "4S2", "JAA"], ["S", "LS"], []),
        Make("Saab", 0.2, 36_000, DriveBias.Front, true, ["YS3", "5S3", "5S3"], ["Base", "Aero"], []),
        Make("Eagle", 0.1, 22_000, DriveBias.Front, false, ["2E3", "2E3", "2E3"], ["Base", "ES"], []),
        Make("Daewoo", 0.1, 14_000, DriveBias.Front, false, ["KLA", "KLA", "KLA"], ["SE", "SX"], []),
        Make("Ferrari", 0.03, 280_000, DriveBias.Rear, true, ["ZFF", "ZFF", "ZFF"], s_exoticTrims, []),
        Make("Lamborghini", 0.02, 260_000, DriveBias.AllWheel, true, ["ZHW", "ZPB", "ZPB"], s_exoticTrims, []),
        Make("Bentley", 0.03, 230_000, DriveBias.AllWheel, true, ["SCB", "SJA", "SJA"], ["V8", "Azure", "Mulliner"], []),
        Make("Rolls-Royce", 0.01, 400_000, DriveBias.Rear, true, ["SCA", "SLA", "SLA"], ["Base", "Black Badge"], []),
        Make("Aston Martin", 0.02, 180_000, DriveBias.Rear, true, ["SCF", "SCF", "SCF"], s_exoticTrims, []),
        Make("McLaren", 0.01, 250_000, DriveBias.Rear, true, ["SBM", "SBM", "SBM"], s_exoticTrims, []),
    ];

    private static CarMake Make(
        string name, double share, int baseMsrp, DriveBias drive, bool premium, string[] wmi, string[] trims, string[] truckTrims) =>
        new(name, share, baseMsrp, drive, premium, wmi, trims, truckTrims.Length > 0 ? truckTrims : trims);
}
