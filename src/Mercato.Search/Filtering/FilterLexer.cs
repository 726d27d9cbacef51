using System.Text;

namespace Mercato.Search.Filtering;

internal enum TokenKind
{
    Word,
    Quoted,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Op,
    End,
}

internal readonly record struct FilterToken(TokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the filter",
        TokenKind.Quoted => $"\"{Text}\"",
        _ => $"`{Text}`",
    };
}

/// <summary>Splits a filter into words, quoted strings, operators and punctuation.</summary>
internal static class FilterLexer
{
    public static List<FilterToken> Lex(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new(TokenKind.End, "", text.Length));
                return tokens;
            }

            var c = text[i];
            var start = i;
            switch (c)
            {
                case '(':
                    tokens.Add(new(TokenKind.LParen, "(", i++));
                    continue;
                case ')':
                    tokens.Add(new(TokenKind.RParen, ")", i++));
                    continue;
                case '[':
                    tokens.Add(new(TokenKind.LBracket, "[", i++));
                    continue;
                case ']':
                    tokens.Add(new(TokenKind.RBracket, "]", i++));
                    continue;
                case ',':
                    tokens.Add(new(TokenKind.Comma, ",", i++));
                    continue;
                case '=':
                    tokens.Add(new(TokenKind.Op, "=", i++));
                    continue;
                case '!' or '<' or '>':
                    if (i + 1 < text.Length && text[i + 1] == '=')
                    {
                        tokens.Add(new(TokenKind.Op, text.Substring(i, 2), i));
                        i += 2;
                    }
                    else if (c == '!')
                    {
                        throw new SearchQueryException("filter", $"Unexpected `!` at position {i}: expected `!=`.", i);
                    }
                    else
                    {
                        tokens.Add(new(TokenKind.Op, c.ToString(), i++));
                    }

                    continue;
                case '"' or '\'':
                    tokens.Add(new(TokenKind.Quoted, ReadQuoted(text, ref i), start));
                    continue;
                default:
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '[' or ']' or ',' or '=' or '!' or '<' or '>' or '"' or '\''))
                    {
                        i++;
                    }

                    tokens.Add(new(TokenKind.Word, text[start..i], start));
                    continue;
            }
        }
    }

    private static string ReadQuoted(string text, ref int i)
    {
        var quote = text[i];
        var start = i++;
        var sb = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i++];
            if (c == '\\' && i < text.Length)
            {
                sb.Append(text[i++]);
            }
            else if (c == quote)
            {
                return sb.ToString();
            }
            else
            {
                sb.Append(c);
            }
        }

        throw new SearchQueryException("filter", $"Unterminated quoted value starting at position {start}: expected a closing {quote}.", start);
    }
}
