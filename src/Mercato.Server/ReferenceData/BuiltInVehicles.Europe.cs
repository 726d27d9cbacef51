namespace Mercato.Server.ReferenceData;

internal static partial class BuiltInVehicles
{
    private static (string, string, int, int, string[])[] European() =>
    [
        R("BMW", "3 Series", 1992, 2013, S, C, V), R("BMW", "3 Series", 2014, 2026, S), R("BMW", "5 Series", 1992, 2026, S),
        R("BMW", "7 Series", 1992, 2026, S), R("BMW", "X1", 2013, 2026, U), R("BMW", "X3", 2004, 2026, U), R("BMW", "X5", 2000, 2026, U),
        R("BMW", "X6", 2008, 2026, U), R("BMW", "X7", 2019, 2026, U), R("BMW", "X4", 2015, 2026, U), R("BMW", "2 Series", 2014, 2026, C),
        R("BMW", "4 Series", 2014, 2026, C, V), R("BMW", "i4", 2022, 2026, S), R("BMW", "iX", 2022, 2026, U), R("BMW", "i3", 2014, 2021, H),
        R("BMW", "Z3", 1996, 2002, V), R("BMW", "Z4", 2003, 2016, V), R("BMW", "Z4", 2019, 2026, V), R("BMW", "M3", 1995, 2026, S, C),
        R("BMW", "8 Series", 2019, 2025, C, V),

        R("Mercedes-Benz", "C-Class", 1994, 2026, S), R("Mercedes-Benz", "E-Class", 1994, 2026, S, W), R("Mercedes-Benz", "S-Class", 1992, 2026, S),
        R("Mercedes-Benz", "M-Class", 1998, 2015, U), R("Mercedes-Benz", "GLE", 2016, 2026, U), R("Mercedes-Benz", "GLC", 2016, 2026, U),
        R("Mercedes-Benz", "GLA", 2015, 2026, U), R("Mercedes-Benz", "GL-Class", 2007, 2016, U), R("Mercedes-Benz", "GLS", 2017, 2026, U),
        R("Mercedes-Benz", "G-Class", 2002, 2026, U), R("Mercedes-Benz", "CLA", 2014, 2026, S), R("Mercedes-Benz", "SL", 1992, 2026, V),
        R("Mercedes-Benz", "SLK", 1998, 2016, V), R("Mercedes-Benz", "CLK", 1998, 2009, C, V), R("Mercedes-Benz", "Sprinter", 2010, 2026, M),
        R("Mercedes-Benz", "Metris", 2016, 2023, M), R("Mercedes-Benz", "EQS", 2022, 2026, S), R("Mercedes-Benz", "EQE", 2023, 2026, S),

        R("Audi", "A3", 2006, 2026, S), R("Audi", "A4", 1996, 2026, S), R("Audi", "A5", 2008, 2026, C, V), R("Audi", "A6", 1995, 2026, S),
        R("Audi", "A8", 1997, 2026, S), R("Audi", "Q3", 2015, 2026, U), R("Audi", "Q5", 2009, 2026, U), R("Audi", "Q7", 2007, 2026, U),
        R("Audi", "Q8", 2019, 2026, U), R("Audi", "Q4 e-tron", 2022, 2026, U), R("Audi", "e-tron GT", 2022, 2026, S),
        R("Audi", "TT", 2000, 2023, C, V), R("Audi", "R8", 2008, 2023, C),

        R("Volkswagen", "Jetta", 1992, 2026, S), R("Volkswagen", "Golf", 1993, 2021, H), R("Volkswagen", "GTI", 1992, 2026, H),
        R("Volkswagen", "Passat", 1992, 2022, S, W), R("Volkswagen", "Tiguan", 2009, 2026, U), R("Volkswagen", "Atlas", 2018, 2026, U),
        R("Volkswagen", "Atlas Cross Sport", 2020, 2026, U), R("Volkswagen", "Beetle", 1998, 2019, H, V), R("Volkswagen", "Taos", 2022, 2026, U),
        R("Volkswagen", "ID.4", 2021, 2026, U), R("Volkswagen", "ID. Buzz", 2025, 2026, M), R("Volkswagen", "Touareg", 2004, 2017, U),
        R("Volkswagen", "Routan", 2009, 2014, M), R("Volkswagen", "CC", 2009, 2017, S), R("Volkswagen", "Eos", 2007, 2016, V),

        R("Volvo", "XC90", 2003, 2026, U), R("Volvo", "XC60", 2010, 2026, U), R("Volvo", "XC40", 2019, 2026, U), R("Volvo", "S60", 2001, 2026, S),
        R("Volvo", "S90", 2017, 2025, S), R("Volvo", "V60", 2015, 2026, W), R("Volvo", "850", 1993, 1997, S, W), R("Volvo", "S80", 1999, 2016, S),
        R("Volvo", "V70", 1998, 2010, W), R("Volvo", "C30", 2008, 2013, H), R("Volvo", "EX30", 2025, 2026, U), R("Volvo", "940", 1992, 1995, S, W),

        R("Porsche", "911", 1992, 2026, C, V), R("Porsche", "Cayenne", 2003, 2026, U), R("Porsche", "Macan", 2015, 2026, U),
        R("Porsche", "Panamera", 2010, 2026, S), R("Porsche", "Boxster", 1997, 2026, V), R("Porsche", "Cayman", 2006, 2026, C),
        R("Porsche", "Taycan", 2020, 2026, S),

        R("Land Rover", "Range Rover", 1995, 2026, U), R("Land Rover", "Range Rover Sport", 2006, 2026, U),
        R("Land Rover", "Range Rover Evoque", 2012, 2026, U), R("Land Rover", "Range Rover Velar", 2018, 2026, U),
        R("Land Rover", "Discovery", 1994, 2004, U), R("Land Rover", "Discovery", 2017, 2026, U), R("Land Rover", "Discovery Sport", 2015, 2026, U),
        R("Land Rover", "Defender", 2020, 2026, U), R("Land Rover", "LR3", 2005, 2009, U), R("Land Rover", "LR4", 2010, 2016, U),

        R("MINI", "Cooper", 2002, 2026, H, V), R("MINI", "Countryman", 2011, 2026, U), R("MINI", "Clubman", 2008, 2024, W),
        R("Jaguar", "XJ", 1992, 2019, S), R("Jaguar", "XF", 2009, 2024, S), R("Jaguar", "F-PACE", 2017, 2026, U),
        R("Jaguar", "F-TYPE", 2014, 2024, C, V), R("Jaguar", "XK", 1997, 2015, C, V), R("Jaguar", "S-Type", 2000, 2008, S),
        R("Jaguar", "X-Type", 2002, 2008, S), R("Jaguar", "E-PACE", 2018, 2024, U),
        R("Alfa Romeo", "Giulia", 2017, 2026, S), R("Alfa Romeo", "Stelvio", 2018, 2026, U), R("Alfa Romeo", "Tonale", 2024, 2026, U),
        R("Alfa Romeo", "4C", 2015, 2020, C), R("FIAT", "500", 2012, 2019, H, V), R("FIAT", "500X", 2016, 2023, U),
        R("FIAT", "500L", 2014, 2020, H), R("FIAT", "124 Spider", 2017, 2020, V), R("FIAT", "500e", 2024, 2026, H),
        R("Maserati", "Ghibli", 2014, 2024, S), R("Maserati", "Levante", 2017, 2024, U), R("Maserati", "Quattroporte", 2005, 2024, S),
        R("Maserati", "Grecale", 2023, 2026, U), R("Maserati", "GranTurismo", 2008, 2019, C), R("Maserati", "MC20", 2022, 2026, C),
        R("Polestar", "2", 2021, 2026, S), R("Polestar", "3", 2025, 2026, U), R("smart", "fortwo", 2008, 2019, H),
        R("Saab", "9-3", 1999, 2011, S, V), R("Saab", "9-5", 1999, 2011, S, W), R("Saab", "900", 1992, 1998, H, V),

        R("Ferrari", "F430", 2005, 2009, C), R("Ferrari", "458 Italia", 2010, 2015, C), R("Ferrari", "488 GTB", 2016, 2019, C),
        R("Ferrari", "F8 Tributo", 2020, 2023, C), R("Ferrari", "296 GTB", 2022, 2026, C), R("Ferrari", "Roma", 2021, 2026, C),
        R("Ferrari", "Portofino", 2018, 2023, V), R("Ferrari", "California", 2009, 2017, V), R("Ferrari", "Purosangue", 2024, 2026, U),
        R("Lamborghini", "Gallardo", 2004, 2014, C), R("Lamborghini", "Huracan", 2015, 2024, C), R("Lamborghini", "Aventador", 2012, 2022, C),
        R("Lamborghini", "Urus", 2019, 2026, U), R("Bentley", "Continental GT", 2004, 2026, C), R("Bentley", "Bentayga", 2017, 2026, U),
        R("Bentley", "Flying Spur", 2006, 2026, S), R("Bentley", "Mulsanne", 2011, 2020, S), R("Rolls-Royce", "Ghost", 2010, 2026, S),
        R("Rolls-Royce", "Phantom", 2004, 2026, S), R("Rolls-Royce", "Cullinan", 2019, 2026, U), R("Rolls-Royce", "Wraith", 2014, 2023, C),
        R("Aston Martin", "DB9", 2005, 2016, C), R("Aston Martin", "DB11", 2017, 2023, C), R("Aston Martin", "Vantage", 2006, 2026, C),
        R("Aston Martin", "DBX", 2021, 2026, U), R("McLaren", "570S", 2016, 2021, C), R("McLaren", "720S", 2018, 2023, C),
        R("McLaren", "Artura", 2023, 2026, C),
    ];
}
