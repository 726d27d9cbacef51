namespace Mercato.Server.ReferenceData;

internal static partial class BuiltInVehicles
{
    private static (string, string, int, int, string[])[] Asian() =>
    [
        R("Toyota", "Camry", 1992, 2026, S), R("Toyota", "Camry Solara", 1999, 2008, C, V), R("Toyota", "Corolla", 1992, 2026, S),
        R("Toyota", "Corolla Hatchback", 2019, 2026, H), R("Toyota", "Corolla Cross", 2022, 2026, U), R("Toyota", "RAV4", 1996, 2026, U),
        R("Toyota", "RAV4 Prime", 2021, 2026, U), R("Toyota", "Highlander", 2001, 2026, U), R("Toyota", "Grand Highlander", 2024, 2026, U),
        R("Toyota", "4Runner", 1992, 2026, U), R("Toyota", "Tacoma", 1995, 2026, P), R("Toyota", "Tundra", 2000, 2026, P),
        R("Toyota", "T100", 1993, 1998, P), R("Toyota", "Sienna", 1998, 2026, M), R("Toyota", "Previa", 1992, 1997, M),
        R("Toyota", "Prius", 2001, 2026, H), R("Toyota", "Prius Prime", 2017, 2026, H), R("Toyota", "Avalon", 1995, 2022, S),
        R("Toyota", "Celica", 1992, 2005, C, H), R("Toyota", "Supra", 1993, 1998, C), R("Toyota", "GR Supra", 2020, 2026, C),
        R("Toyota", "Sequoia", 2001, 2026, U), R("Toyota", "Land Cruiser", 1992, 2021, U), R("Toyota", "Land Cruiser", 2024, 2026, U),
        R("Toyota", "Venza", 2009, 2015, U), R("Toyota", "Venza", 2021, 2024, U), R("Toyota", "C-HR", 2018, 2022, U),
        R("Toyota", "FJ Cruiser", 2007, 2014, U), R("Toyota", "Matrix", 2003, 2013, H), R("Toyota", "Yaris", 2007, 2020, S, H),
        R("Toyota", "Echo", 2000, 2005, S), R("Toyota", "Tercel", 1992, 1998, S), R("Toyota", "MR2 Spyder", 2000, 2005, V),
        R("Toyota", "Crown", 2023, 2026, S), R("Toyota", "bZ4X", 2023, 2026, U), R("Toyota", "Mirai", 2016, 2026, S),
        R("Toyota", "GR86", 2022, 2026, C), R("Toyota", "86", 2017, 2020, C),

        R("Honda", "Accord", 1992, 2017, S, C), R("Honda", "Accord", 2018, 2026, S), R("Honda", "Civic", 1992, 2020, S, C),
        R("Honda", "Civic", 2021, 2026, S, H), R("Honda", "CR-V", 1997, 2026, U), R("Honda", "Pilot", 2003, 2026, U),
        R("Honda", "Odyssey", 1995, 2026, M), R("Honda", "HR-V", 2016, 2026, U), R("Honda", "Passport", 1994, 2002, U),
        R("Honda", "Passport", 2019, 2026, U), R("Honda", "Ridgeline", 2006, 2014, P), R("Honda", "Ridgeline", 2017, 2026, P),
        R("Honda", "Fit", 2007, 2020, H), R("Honda", "Element", 2003, 2011, U), R("Honda", "Insight", 2019, 2022, S),
        R("Honda", "S2000", 2000, 2009, V), R("Honda", "Prelude", 1992, 2001, C), R("Honda", "Prologue", 2024, 2026, U),

        R("Nissan", "Altima", 1993, 2026, S), R("Nissan", "Sentra", 1992, 2026, S), R("Nissan", "Maxima", 1992, 2023, S),
        R("Nissan", "Rogue", 2008, 2026, U), R("Nissan", "Rogue Sport", 2017, 2022, U), R("Nissan", "Pathfinder", 1992, 2026, U),
        R("Nissan", "Murano", 2003, 2026, U), R("Nissan", "Frontier", 1998, 2026, P), R("Nissan", "Titan", 2004, 2024, P),
        R("Nissan", "Armada", 2004, 2026, U), R("Nissan", "Quest", 1993, 2017, M), R("Nissan", "Versa", 2007, 2026, S),
        R("Nissan", "Kicks", 2018, 2026, U), R("Nissan", "LEAF", 2011, 2026, H), R("Nissan", "350Z", 2003, 2009, C, V),
        R("Nissan", "370Z", 2009, 2020, C), R("Nissan", "Z", 2023, 2026, C), R("Nissan", "Xterra", 2000, 2015, U),
        R("Nissan", "Juke", 2011, 2017, U), R("Nissan", "Ariya", 2023, 2026, U), R("Nissan", "NV200", 2013, 2021, M),
        R("Nissan", "240SX", 1992, 1998, C), R("Nissan", "300ZX", 1992, 1996, C),

        R("Hyundai", "Elantra", 1992, 2026, S), R("Hyundai", "Sonata", 1992, 2026, S), R("Hyundai", "Tucson", 2005, 2026, U),
        R("Hyundai", "Santa Fe", 2001, 2026, U), R("Hyundai", "Palisade", 2020, 2026, U), R("Hyundai", "Kona", 2018, 2026, U),
        R("Hyundai", "Kona Electric", 2019, 2026, U), R("Hyundai", "IONIQ 5", 2022, 2026, U), R("Hyundai", "IONIQ 6", 2023, 2026, S),
        R("Hyundai", "Accent", 1995, 2022, S, H), R("Hyundai", "Veloster", 2012, 2022, H), R("Hyundai", "Santa Cruz", 2022, 2026, P),
        R("Hyundai", "Venue", 2020, 2026, U), R("Hyundai", "Azera", 2006, 2017, S), R("Hyundai", "Tiburon", 1997, 2008, C),

        R("Kia", "Sorento", 2003, 2026, U), R("Kia", "Sportage", 1995, 2026, U), R("Kia", "Telluride", 2020, 2026, U),
        R("Kia", "Soul", 2010, 2026, H), R("Kia", "Forte", 2010, 2026, S), R("Kia", "K5", 2021, 2026, S),
        R("Kia", "Optima", 2001, 2020, S), R("Kia", "Rio", 2001, 2023, S, H), R("Kia", "Sedona", 2002, 2021, M),
        R("Kia", "Carnival", 2022, 2026, M), R("Kia", "Niro", 2017, 2026, U), R("Kia", "Niro EV", 2019, 2026, U),
        R("Kia", "EV6", 2022, 2026, U), R("Kia", "EV9", 2024, 2026, U), R("Kia", "Stinger", 2018, 2023, S),
        R("Kia", "Seltos", 2021, 2026, U),

        R("Mazda", "Mazda3", 2004, 2026, S, H), R("Mazda", "Mazda6", 2003, 2021, S), R("Mazda", "CX-5", 2013, 2026, U),
        R("Mazda", "CX-30", 2020, 2026, U), R("Mazda", "CX-50", 2023, 2026, U), R("Mazda", "CX-9", 2007, 2023, U),
        R("Mazda", "CX-90", 2024, 2026, U), R("Mazda", "MX-5 Miata", 1992, 2026, V), R("Mazda", "RX-8", 2004, 2011, C),
        R("Mazda", "RX-7", 1993, 1995, C), R("Mazda", "Tribute", 2001, 2011, U), R("Mazda", "Protege", 1992, 2003, S),
        R("Mazda", "626", 1993, 2002, S), R("Mazda", "MPV", 1992, 2006, M),

        R("Subaru", "Outback", 2000, 2026, W), R("Subaru", "Forester", 1998, 2026, U), R("Subaru", "Crosstrek", 2013, 2026, U),
        R("Subaru", "Impreza", 1993, 2026, S, H), R("Subaru", "Legacy", 1992, 2025, S), R("Subaru", "Ascent", 2019, 2026, U),
        R("Subaru", "WRX", 2015, 2026, S), R("Subaru", "BRZ", 2013, 2026, C), R("Subaru", "Baja", 2003, 2006, P),
        R("Subaru", "Tribeca", 2008, 2014, U), R("Subaru", "Solterra", 2023, 2026, U),

        R("Mitsubishi", "Outlander", 2003, 2026, U), R("Mitsubishi", "Outlander Sport", 2011, 2026, U),
        R("Mitsubishi", "Eclipse Cross", 2018, 2026, U), R("Mitsubishi", "Mirage", 2014, 2024, H), R("Mitsubishi", "Lancer", 2002, 2017, S),
        R("Mitsubishi", "Eclipse", 1992, 2012, C, V), R("Mitsubishi", "Galant", 1992, 2012, S), R("Mitsubishi", "Montero", 1992, 2006, U),
        R("Mitsubishi", "Endeavor", 2004, 2011, U), R("Mitsubishi", "3000GT", 1992, 1999, C),

        R("Lexus", "RX", 1999, 2026, U), R("Lexus", "ES", 1992, 2026, S), R("Lexus", "NX", 2015, 2026, U), R("Lexus", "IS", 2001, 2026, S),
        R("Lexus", "GX", 2003, 2026, U), R("Lexus", "LX", 1996, 2026, U), R("Lexus", "UX", 2019, 2026, U), R("Lexus", "LS", 1992, 2026, S),
        R("Lexus", "GS", 1993, 2020, S), R("Lexus", "RC", 2015, 2026, C), R("Lexus", "SC", 1992, 2010, C, V), R("Lexus", "RZ", 2023, 2026, U),
        R("Lexus", "TX", 2024, 2026, U),

        R("Acura", "MDX", 2001, 2026, U), R("Acura", "RDX", 2007, 2026, U), R("Acura", "TLX", 2015, 2026, S), R("Acura", "TL", 1995, 2014, S),
        R("Acura", "Integra", 1992, 2001, S, C), R("Acura", "Integra", 2023, 2026, H), R("Acura", "ILX", 2013, 2022, S),
        R("Acura", "RSX", 2002, 2006, C), R("Acura", "NSX", 1992, 2005, C), R("Acura", "NSX", 2017, 2022, C), R("Acura", "TSX", 2004, 2014, S),
        R("Acura", "RL", 1996, 2012, S), R("Acura", "Legend", 1992, 1995, S, C),

        R("Infiniti", "Q50", 2014, 2024, S), R("Infiniti", "QX60", 2014, 2026, U), R("Infiniti", "QX80", 2014, 2026, U),
        R("Infiniti", "G35", 2003, 2008, S, C), R("Infiniti", "G37", 2008, 2013, C, S), R("Infiniti", "FX35", 2003, 2012, U),
        R("Infiniti", "QX50", 2014, 2025, U), R("Infiniti", "I30", 1996, 2001, S), R("Infiniti", "Q45", 1992, 2006, S),

        R("Genesis", "G70", 2019, 2026, S), R("Genesis", "G80", 2017, 2026, S), R("Genesis", "G90", 2017, 2026, S),
        R("Genesis", "GV70", 2022, 2026, U), R("Genesis", "GV80", 2021, 2026, U),
        R("Scion", "tC", 2005, 2016, C), R("Scion", "xB", 2004, 2015, W), R("Scion", "xD", 2008, 2014, H), R("Scion", "FR-S", 2013, 2016, C),
        R("Suzuki", "Grand Vitara", 1999, 2013, U), R("Suzuki", "SX4", 2007, 2013, S, H), R("Suzuki", "Sidekick", 1992, 1998, U),
        R("Suzuki", "Kizashi", 2010, 2013, S), R("Suzuki", "XL7", 2002, 2009, U), R("Suzuki", "Esteem", 1995, 2002, S),
        R("Isuzu", "Rodeo", 1992, 2004, U), R("Isuzu", "Trooper", 1992, 2002, U), R("Isuzu", "Ascender", 2003, 2008, U),
        R("Isuzu", "Hombre", 1996, 2000, P), R("Daewoo", "Lanos", 1999, 2002, S, H), R("Daewoo", "Nubira", 1999, 2002, S),
        R("Daewoo", "Leganza", 1999, 2002, S),
    ];
}
