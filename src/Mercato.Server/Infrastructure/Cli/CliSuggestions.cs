using System.CommandLine;
using System.CommandLine.Parsing;

namespace Mercato.Server.Infrastructure.Cli;

/// <summary>
/// One line for a parse error, with "did you mean" for a mistyped command or option. System.CommandLine suggests
/// too, but over several lines with the whole help; an operator's terminal and a CI log want one line.
/// </summary>
internal static class CliSuggestions
{
    public static string Describe(ParseResult result, string program)
    {
        var command = result.CommandResult.Command;
        var path = Path(result.CommandResult, program);
        var help = $"see '{string.Join(' ', [program, .. path])} --help'";
        var name = string.Join(' ', path);
        if (result.UnmatchedTokens.Count == 0)
        {
            // Messages such as "must be one of" come on several lines; the operator gets them on one.
            var message = string.Join(' ', result.Errors[0].Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return $"{message.TrimEnd('.')}; {help}";
        }

        var token = result.UnmatchedTokens[0];
        var isOption = token.StartsWith('-') && token.Length > 1;
        if (isOption && token.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals)
        {
            token = token[..equals];
        }

        var what = isOption ? $"unknown option '{token}'{For(name)}"
            : command.Subcommands.Count > 0 ? $"unknown command '{token}'{For(name)}"
            : $"unexpected argument '{token}'{For(name)}";
        var suggestion = Closest(token, isOption ? OptionNames(result.CommandResult) : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
        if (suggestion is not null)
        {
            return $"{what}; did you mean '{suggestion}'? {help}";
        }

        return command.Subcommands.Count > 0 && !isOption
            ? $"{what}; commands: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}"
            : $"{what}; {help}";
    }

    private static string For(string name) => name.Length == 0 ? "" : $" for '{name}'";

    private static List<string> Path(CommandResult result, string program)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is CommandResult command; current = command.Parent)
        {
            names.Insert(0, command.Command.Name);
        }

        // The root is named after the program ('mercato'), or is a program of its own run by it ('mercato bench').
        return names[0] == program ? names[1..] : names;
    }

    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        for (SymbolResult? current = result; current is CommandResult command; current = command.Parent)
        {
            foreach (var option in command.Command.Options.Where(o => !o.Hidden && (current == result || o.Recursive)))
            {
                yield return option.Name;
                foreach (var alias in option.Aliases)
                {
                    yield return alias;
                }
            }
        }
    }

    /// <summary>The candidate nearest to what was typed, if it is near enough to be a typo.</summary>
    internal static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var bare = typed.TrimStart('-');
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Distinct())
        {
            var name = candidate.TrimStart('-');
            var distance = name.StartsWith(bare, StringComparison.OrdinalIgnoreCase) && bare.Length >= 3 ? 1 : Distance(bare, name);
            if (distance < bestDistance && distance <= Math.Max(1, name.Length / 3))
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    // Levenshtein distance, case-insensitive.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
