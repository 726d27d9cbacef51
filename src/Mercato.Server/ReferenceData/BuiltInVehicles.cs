namespace Mercato.Server.ReferenceData;

// Common makes and models sold in the US since 1992, with the model years they were on sale and their body styles,
// typed from public facts (manufacturers' model histories). Ours, so the demo needs no downloaded file; a reference
// folder with a model-year file replaces it. Bodies use the file format's words (Van/Minivan for both).
internal static partial class BuiltInVehicles
{
    private const string S = "Sedan";
    private const string U = "SUV";
    private const string P = "Pickup";
    private const string C = "Coupe";
    private const string V = "Convertible";
    private const string H = "Hatchback";
    private const string W = "Wagon";
    private const string M = "Van/Minivan";

    public static CarModels Load() => CarModels.FromTable([.. American(), .. Asian(), .. European()]);

    public static int RowCount => American().Length + Asian().Length + European().Length;

    private static (string Make, string Model, int FirstYear, int LastYear, string[] Bodies) R(
        string make, string model, int first, int last, params string[] bodies) => (make, model, first, last, bodies);

    private static (string, string, int, int, string[])[] American() =>
    [
        R("Ford", "F-150", 1992, 2026, P), R("Ford", "F-250 Super Duty", 1999, 2026, P), R("Ford", "F-350 Super Duty", 1999, 2026, P),
        R("Ford", "F-150 Lightning", 2022, 2026, P), R("Ford", "Ranger", 1992, 2011, P), R("Ford", "Ranger", 2019, 2026, P),
        R("Ford", "Maverick", 2022, 2026, P), R("Ford", "Explorer", 1992, 2026, U), R("Ford", "Escape", 2001, 2026, U),
        R("Ford", "Edge", 2007, 2024, U), R("Ford", "Expedition", 1997, 2026, U), R("Ford", "Bronco", 1992, 1996, U),
        R("Ford", "Bronco", 2021, 2026, U), R("Ford", "Bronco Sport", 2021, 2026, U), R("Ford", "Mustang", 1992, 2026, C, V),
        R("Ford", "Mustang Mach-E", 2021, 2026, U), R("Ford", "Focus", 2000, 2018, S, H), R("Ford", "Fusion", 2006, 2020, S),
        R("Ford", "Taurus", 1992, 2019, S), R("Ford", "Fiesta", 2011, 2019, S, H), R("Ford", "Escort", 1992, 2002, S, W),
        R("Ford", "Crown Victoria", 1992, 2011, S), R("Ford", "Windstar", 1995, 2003, M), R("Ford", "Freestar", 2004, 2007, M),
        R("Ford", "Flex", 2009, 2019, U), R("Ford", "Transit", 2015, 2026, M), R("Ford", "Transit Connect", 2010, 2023, M),
        R("Ford", "E-Series Van", 1992, 2014, M), R("Ford", "Excursion", 2000, 2005, U), R("Ford", "Thunderbird", 2002, 2005, V),
        R("Ford", "EcoSport", 2018, 2022, U), R("Ford", "Probe", 1993, 1997, H),

        R("Chevrolet", "Silverado 1500", 1999, 2026, P), R("Chevrolet", "Silverado 2500HD", 2001, 2026, P),
        R("Chevrolet", "Silverado 3500HD", 2001, 2026, P), R("Chevrolet", "Silverado EV", 2024, 2026, P),
        R("Chevrolet", "Colorado", 2004, 2012, P), R("Chevrolet", "Colorado", 2015, 2026, P), R("Chevrolet", "S10", 1992, 2004, P),
        R("Chevrolet", "Equinox", 2005, 2026, U), R("Chevrolet", "Equinox EV", 2024, 2026, U), R("Chevrolet", "Traverse", 2009, 2026, U),
        R("Chevrolet", "Tahoe", 1995, 2026, U), R("Chevrolet", "Suburban", 1992, 2026, U), R("Chevrolet", "Trax", 2015, 2026, U),
        R("Chevrolet", "Trailblazer", 2002, 2009, U), R("Chevrolet", "Trailblazer", 2021, 2026, U), R("Chevrolet", "Blazer", 1992, 2005, U),
        R("Chevrolet", "Blazer", 2019, 2026, U), R("Chevrolet", "Blazer EV", 2024, 2026, U), R("Chevrolet", "Malibu", 1997, 2025, S),
        R("Chevrolet", "Impala", 2000, 2020, S), R("Chevrolet", "Cruze", 2011, 2019, S, H), R("Chevrolet", "Cavalier", 1992, 2005, S, C, V),
        R("Chevrolet", "Camaro", 1992, 2002, C, V), R("Chevrolet", "Camaro", 2010, 2024, C, V), R("Chevrolet", "Corvette", 1992, 2026, C, V),
        R("Chevrolet", "Bolt EV", 2017, 2023, H), R("Chevrolet", "Bolt EUV", 2022, 2023, U), R("Chevrolet", "Volt", 2011, 2019, H),
        R("Chevrolet", "Sonic", 2012, 2020, S, H), R("Chevrolet", "Spark", 2013, 2022, H), R("Chevrolet", "Cobalt", 2005, 2010, S, C),
        R("Chevrolet", "Aveo", 2004, 2011, S, H), R("Chevrolet", "HHR", 2006, 2011, W), R("Chevrolet", "Avalanche", 2002, 2013, P),
        R("Chevrolet", "Uplander", 2005, 2008, M), R("Chevrolet", "Venture", 1997, 2005, M), R("Chevrolet", "Express 2500", 1996, 2026, M),
        R("Chevrolet", "Lumina", 1992, 2001, S), R("Chevrolet", "Monte Carlo", 1995, 2007, C), R("Chevrolet", "Caprice", 1992, 1996, S),
        R("Chevrolet", "Astro", 1992, 2005, M), R("Chevrolet", "SSR", 2003, 2006, P), R("Chevrolet", "Tracker", 1999, 2004, U),
        R("Chevrolet", "Beretta", 1992, 1996, C), R("Chevrolet", "Corsica", 1992, 1996, S),

        R("GMC", "Sierra 1500", 1999, 2026, P), R("GMC", "Sierra 2500HD", 2001, 2026, P), R("GMC", "Sierra 3500HD", 2001, 2026, P),
        R("GMC", "Canyon", 2004, 2012, P), R("GMC", "Canyon", 2015, 2026, P), R("GMC", "Yukon", 1992, 2026, U),
        R("GMC", "Yukon XL", 2000, 2026, U), R("GMC", "Acadia", 2007, 2026, U), R("GMC", "Terrain", 2010, 2026, U),
        R("GMC", "Envoy", 2002, 2009, U), R("GMC", "Jimmy", 1992, 2005, U), R("GMC", "Sonoma", 1992, 2004, P),
        R("GMC", "Savana 2500", 1996, 2026, M), R("GMC", "Safari", 1992, 2005, M), R("GMC", "Hummer EV", 2022, 2026, P, U),

        R("Ram", "1500", 2011, 2026, P), R("Ram", "2500", 2011, 2026, P), R("Ram", "3500", 2011, 2026, P),
        R("Ram", "ProMaster", 2014, 2026, M), R("Ram", "ProMaster City", 2015, 2022, M),

        R("Dodge", "Ram 1500", 1994, 2010, P), R("Dodge", "Ram 2500", 1994, 2010, P), R("Dodge", "Dakota", 1992, 2011, P),
        R("Dodge", "Durango", 1998, 2009, U), R("Dodge", "Durango", 2011, 2026, U), R("Dodge", "Charger", 2006, 2023, S),
        R("Dodge", "Challenger", 2008, 2023, C), R("Dodge", "Grand Caravan", 1992, 2020, M), R("Dodge", "Caravan", 1992, 2007, M),
        R("Dodge", "Journey", 2009, 2020, U), R("Dodge", "Dart", 2013, 2016, S), R("Dodge", "Neon", 1995, 2005, S),
        R("Dodge", "Avenger", 2008, 2014, S), R("Dodge", "Intrepid", 1993, 2004, S), R("Dodge", "Stratus", 1995, 2006, S),
        R("Dodge", "Stealth", 1992, 1996, C), R("Dodge", "Viper", 1992, 2010, C, V), R("Dodge", "Viper", 2013, 2017, C),
        R("Dodge", "Caliber", 2007, 2012, H), R("Dodge", "Nitro", 2007, 2011, U), R("Dodge", "Magnum", 2005, 2008, W),
        R("Dodge", "Hornet", 2023, 2026, U),

        R("Jeep", "Wrangler", 1992, 2026, U), R("Jeep", "Wrangler 4xe", 2021, 2026, U), R("Jeep", "Grand Cherokee", 1993, 2026, U),
        R("Jeep", "Cherokee", 1992, 2001, U), R("Jeep", "Cherokee", 2014, 2023, U), R("Jeep", "Compass", 2007, 2026, U),
        R("Jeep", "Renegade", 2015, 2023, U), R("Jeep", "Liberty", 2002, 2012, U), R("Jeep", "Gladiator", 2020, 2026, P),
        R("Jeep", "Patriot", 2007, 2017, U), R("Jeep", "Commander", 2006, 2010, U), R("Jeep", "Wagoneer", 2022, 2026, U),
        R("Jeep", "Grand Wagoneer", 2022, 2026, U),

        R("Chrysler", "Pacifica", 2017, 2026, M), R("Chrysler", "Pacifica Hybrid", 2017, 2026, M), R("Chrysler", "Town & Country", 1992, 2016, M),
        R("Chrysler", "300", 2005, 2023, S), R("Chrysler", "Sebring", 1995, 2010, S, C, V), R("Chrysler", "PT Cruiser", 2001, 2010, W),
        R("Chrysler", "Concorde", 1993, 2004, S), R("Chrysler", "200", 2011, 2017, S), R("Chrysler", "Voyager", 2020, 2022, M),
        R("Chrysler", "Crossfire", 2004, 2008, C), R("Chrysler", "LHS", 1994, 2001, S), R("Chrysler", "Aspen", 2007, 2009, U),

        R("Buick", "Enclave", 2008, 2026, U), R("Buick", "Encore", 2013, 2022, U), R("Buick", "Encore GX", 2020, 2026, U),
        R("Buick", "Envision", 2016, 2026, U), R("Buick", "Envista", 2024, 2026, U), R("Buick", "LaCrosse", 2005, 2019, S),
        R("Buick", "Regal", 1992, 2004, S), R("Buick", "Regal", 2011, 2020, S), R("Buick", "LeSabre", 1992, 2005, S),
        R("Buick", "Century", 1992, 2005, S), R("Buick", "Park Avenue", 1992, 2005, S), R("Buick", "Lucerne", 2006, 2011, S),
        R("Buick", "Rendezvous", 2002, 2007, U), R("Buick", "Verano", 2012, 2017, S),

        R("Cadillac", "Escalade", 1999, 2026, U), R("Cadillac", "XT5", 2017, 2026, U), R("Cadillac", "XT4", 2019, 2025, U),
        R("Cadillac", "XT6", 2020, 2025, U), R("Cadillac", "CT5", 2020, 2026, S), R("Cadillac", "CT4", 2020, 2025, S),
        R("Cadillac", "CTS", 2003, 2019, S), R("Cadillac", "ATS", 2013, 2019, S, C), R("Cadillac", "DeVille", 1992, 2005, S),
        R("Cadillac", "DTS", 2006, 2011, S), R("Cadillac", "SRX", 2004, 2016, U), R("Cadillac", "Seville", 1992, 2004, S),
        R("Cadillac", "Eldorado", 1992, 2002, C), R("Cadillac", "XTS", 2013, 2019, S), R("Cadillac", "LYRIQ", 2023, 2026, U),

        R("Lincoln", "Navigator", 1998, 2026, U), R("Lincoln", "Aviator", 2020, 2026, U), R("Lincoln", "Nautilus", 2019, 2026, U),
        R("Lincoln", "Corsair", 2020, 2026, U), R("Lincoln", "MKX", 2007, 2018, U), R("Lincoln", "MKZ", 2007, 2020, S),
        R("Lincoln", "Town Car", 1992, 2011, S), R("Lincoln", "Continental", 2017, 2020, S), R("Lincoln", "LS", 2000, 2006, S),
        R("Lincoln", "MKC", 2015, 2019, U),

        R("Tesla", "Model S", 2012, 2026, S), R("Tesla", "Model 3", 2017, 2026, S), R("Tesla", "Model X", 2016, 2026, U),
        R("Tesla", "Model Y", 2020, 2026, U), R("Tesla", "Cybertruck", 2024, 2026, P),
        R("Rivian", "R1T", 2022, 2026, P), R("Rivian", "R1S", 2022, 2026, U), R("Lucid", "Air", 2022, 2026, S),
        R("Lucid", "Gravity", 2025, 2026, U), R("Freightliner", "Sprinter", 2003, 2021, M),

        R("Pontiac", "Grand Prix", 1992, 2008, S, C), R("Pontiac", "Grand Am", 1992, 2005, S, C), R("Pontiac", "Bonneville", 1992, 2005, S),
        R("Pontiac", "Firebird", 1993, 2002, C, V), R("Pontiac", "Sunfire", 1995, 2005, C, S), R("Pontiac", "G6", 2005, 2010, S),
        R("Pontiac", "Vibe", 2003, 2010, H), R("Pontiac", "Montana", 1999, 2006, M), R("Pontiac", "Aztek", 2001, 2005, U),
        R("Pontiac", "Solstice", 2006, 2009, V), R("Pontiac", "Torrent", 2006, 2009, U),
        R("Mercury", "Grand Marquis", 1992, 2011, S), R("Mercury", "Sable", 1992, 2005, S), R("Mercury", "Mountaineer", 1997, 2010, U),
        R("Mercury", "Milan", 2006, 2011, S), R("Mercury", "Mariner", 2005, 2011, U), R("Mercury", "Villager", 1993, 2002, M),
        R("Saturn", "Ion", 2003, 2007, S), R("Saturn", "Vue", 2002, 2010, U), R("Saturn", "Aura", 2007, 2009, S),
        R("Saturn", "Outlook", 2007, 2010, U), R("Saturn", "Sky", 2007, 2010, V), R("Saturn", "L-Series", 2000, 2005, S),
        R("Oldsmobile", "Cutlass Supreme", 1992, 1997, S, C), R("Oldsmobile", "Alero", 1999, 2004, S), R("Oldsmobile", "Intrigue", 1998, 2002, S),
        R("Oldsmobile", "Aurora", 1995, 2003, S), R("Oldsmobile", "Bravada", 1992, 2004, U), R("Oldsmobile", "Silhouette", 1992, 2004, M),
        R("Plymouth", "Voyager", 1992, 2000, M), R("Plymouth", "Neon", 1995, 2001, S), R("Plymouth", "Breeze", 1996, 2000, S),
        R("Plymouth", "Prowler", 1997, 2001, V), R("Hummer", "H1", 1992, 2006, U), R("Hummer", "H2", 2003, 2009, U),
        R("Hummer", "H3", 2006, 2010, U), R("Geo", "Prizm", 1992, 1997, S), R("Geo", "Metro", 1992, 1997, H),
        R("Geo", "Tracker", 1992, 1997, U), R("Eagle", "Talon", 1992, 1998, C), R("Eagle", "Vision", 1993, 1997, S),
    ];
}
