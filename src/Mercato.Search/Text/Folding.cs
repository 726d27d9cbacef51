using System.Globalization;

namespace Mercato.Search.Text;

/// <summary>
/// Case and diacritic folding. The runtime runs with invariant globalization, where string.Normalize is a no-op,
/// so the decompositions of the Latin, Greek and Cyrillic letters used in listings are tabulated here; combining
/// marks are dropped, which also folds text that arrives already decomposed (NFD).
/// </summary>
internal static class Folding
{
    // U+00C0..U+00FF, one base letter per code point ('\0' = keep, '*' = multi-letter, see Expand).
    private const string Latin1 = "aaaaaa*ceeeeiiii" + "dnooooo\0ouuuuy**" + "aaaaaa*ceeeeiiii" + "dnooooo\0ouuuuy*y";

    // U+0100..U+017F.
    private const string LatinExtA =
        "aaaaaacccccccc" + "dddd" + "eeeeeeeeee" + "gggggggg" + "hhhh" + "iiiiiiiiii" + "**" + "jj" + "kkk" + "llllllllll" +
        "nnnnnnnnn" + "oooooo" + "**" + "rrrrrr" + "ssssssss" + "tttttt" + "uuuuuuuuuuuu" + "ww" + "yyy" + "zzzzzz" + "s";

    /// <summary>Writes the folded form of <paramref name="c"/> to <paramref name="output"/>; returns the chars written (0 to 2).</summary>
    public static int Fold(char c, Span<char> output)
    {
        if (c < 0x80)
        {
            output[0] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            return 1;
        }

        char mapped = '\0';
        if (c is >= '\u00C0' and <= '\u00FF')
        {
            mapped = Latin1[c - 0xC0];
        }
        else if (c is >= '\u0100' and <= '\u017F')
        {
            mapped = LatinExtA[c - 0x100];
        }

        if (mapped == '*')
        {
            return Expand(c, output);
        }

        if (mapped != '\0')
        {
            output[0] = mapped;
            return 1;
        }

        var lower = char.ToLowerInvariant(c);
        var category = CharUnicodeInfo.GetUnicodeCategory(lower);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark)
        {
            return 0;
        }

        output[0] = lower switch
        {
            'ά' => 'α',
            'έ' => 'ε',
            'ή' => 'η',
            'ί' or 'ϊ' or 'ΐ' => 'ι',
            'ό' => 'ο',
            'ύ' or 'ϋ' or 'ΰ' => 'υ',
            'ώ' => 'ω',
            'ё' => 'е',
            'ș' or 'ş' => 's',
            'ț' or 'ţ' => 't',
            'ơ' => 'o',
            'ư' => 'u',
            'ƒ' => 'f',
            _ => lower,
        };
        return 1;
    }

    /// <summary>Folds a whole string (no tokenization).</summary>
    public static string FoldString(string s)
    {
        Span<char> two = stackalloc char[2];
        var sb = new System.Text.StringBuilder(s.Length);
        foreach (var c in s)
        {
            var n = Fold(c, two);
            sb.Append(two[..n]);
        }

        return sb.ToString();
    }

    private static int Expand(char c, Span<char> output)
    {
        (char a, char b) = c switch
        {
            'Æ' or 'æ' => ('a', 'e'),
            'Þ' or 'þ' => ('t', 'h'),
            'ß' => ('s', 's'),
            'Ĳ' or 'ĳ' => ('i', 'j'),
            _ => ('o', 'e'), // Œ œ
        };
        output[0] = a;
        output[1] = b;
        return 2;
    }

    /// <summary>True for characters that belong inside a token.</summary>
    public static bool IsTokenChar(char c)
    {
        if (c < 0x80)
        {
            return c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }

    /// <summary>Ideographs and kana form one token each, as scripts written without spaces need.</summary>
    public static bool IsSingleCharToken(char c) =>
        c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF');
}
