namespace Mercato.Server.Catalog;

// North American VIN rules (49 CFR 565): 17 characters, no I/O/Q, check digit at position 9.
internal static class Vin
{
    public const int Length = 17;
    public const int CheckDigitIndex = 8;

    private static ReadOnlySpan<byte> Weights => [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

    public static bool TryValidate(string? vin, out string? error)
    {
        if (vin is null || vin.Length != Length)
        {
            error = "must be 17 characters";
            return false;
        }

        foreach (var c in vin)
        {
            if (c is 'I' or 'O' or 'Q')
            {
                error = "contains I, O or Q";
                return false;
            }

            if (Value(c) < 0)
            {
                error = "must contain only upper-case letters A-Z and digits 0-9";
                return false;
            }
        }

        var expected = ComputeCheckDigit(vin);
        if (vin[CheckDigitIndex] != expected)
        {
            error = $"check digit is {vin[CheckDigitIndex]}, expected {expected}";
            return false;
        }

        error = null;
        return true;
    }

    // Position 9 has weight 0, so whatever it currently holds does not affect the result.
    public static char ComputeCheckDigit(ReadOnlySpan<char> vin17)
    {
        if (vin17.Length != Length)
        {
            throw new ArgumentException("A VIN must be 17 characters.", nameof(vin17));
        }

        var sum = 0;
        for (var i = 0; i < Length; i++)
        {
            var value = Value(vin17[i]);
            if (value < 0)
            {
                throw new ArgumentException($"Invalid VIN character '{vin17[i]}' at position {i + 1}.", nameof(vin17));
            }

            sum += value * Weights[i];
        }

        var remainder = sum % 11;
        return remainder == 10 ? 'X' : (char)('0' + remainder);
    }

    // Transliteration table; -1 for characters a VIN may not contain.
    private static int Value(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        'A' or 'J' => 1,
        'B' or 'K' or 'S' => 2,
        'C' or 'L' or 'T' => 3,
        'D' or 'M' or 'U' => 4,
        'E' or 'N' or 'V' => 5,
        'F' or 'W' => 6,
        'G' or 'P' or 'X' => 7,
        'H' or 'Y' => 8,
        'R' or 'Z' => 9,
        _ => -1,
    };
}
