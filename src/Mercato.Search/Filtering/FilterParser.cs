using Mercato.Search.Text;

namespace Mercato.Search.Filtering;

/// <summary>Recursive-descent parser of Meilisearch filter expressions, typed against the schema.</summary>
internal sealed class FilterParser
{
    public const int MaxFilterLength = 65_536;
    private const int MaxDepth = 64;
    private const string Operators = "=, !=, >, >=, <, <=, TO, IN, NOT IN, EXISTS, NOT EXISTS, IS NULL, IS NOT NULL, IS EMPTY or IS NOT EMPTY";

    private readonly IndexSchema _schema;
    private readonly int _geoField;
    private readonly List<FilterToken> _tokens;
    private int _next;
    private int _depth;

    private FilterParser(IndexSchema schema, int geoField, List<FilterToken> tokens)
    {
        _schema = schema;
        _geoField = geoField;
        _tokens = tokens;
    }

    /// <summary>Parses a filter; null or blank yields null (no filter).</summary>
    /// <param name="filter">The expression.</param>
    /// <param name="schema">Fields it may name.</param>
    /// <param name="geoField">Schema index of the GeoPoint field for geo functions, or -1.</param>
    public static FilterNode? Parse(string? filter, IndexSchema schema, int geoField)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        if (filter.Length > MaxFilterLength)
        {
            throw new SearchQueryException("filter", $"The filter is {filter.Length} characters long; at most {MaxFilterLength} are accepted.");
        }

        var parser = new FilterParser(schema, geoField, FilterLexer.Lex(filter));
        var node = parser.ParseOr();
        var end = parser.Peek;
        if (end.Kind != TokenKind.End)
        {
            throw Error($"Unexpected {end.Describe()} at position {end.Position}: expected AND, OR or the end of the filter.", end);
        }

        return node;
    }

    private FilterToken Peek => _tokens[_next];

    private FilterToken PeekAt(int ahead) => _tokens[Math.Min(_next + ahead, _tokens.Count - 1)];

    private FilterToken Take() => _tokens[_next < _tokens.Count - 1 ? _next++ : _next];

    private static SearchQueryException Error(string message, FilterToken at) => new("filter", message, at.Position);

    private FilterNode ParseOr()
    {
        var first = ParseAnd();
        if (!Peek.IsKeyword("OR"))
        {
            return first;
        }

        var list = new List<FilterNode> { first };
        while (Peek.IsKeyword("OR"))
        {
            Take();
            list.Add(ParseAnd());
        }

        return new OrNode(list);
    }

    private FilterNode ParseAnd()
    {
        var first = ParseNot();
        if (!Peek.IsKeyword("AND"))
        {
            return first;
        }

        var list = new List<FilterNode> { first };
        while (Peek.IsKeyword("AND"))
        {
            Take();
            list.Add(ParseNot());
        }

        return new AndNode(list);
    }

    private FilterNode ParseNot()
    {
        if (Peek.IsKeyword("NOT"))
        {
            Take();
            Enter();
            var inner = ParseNot();
            _depth--;
            return new NotNode(inner);
        }

        return ParsePrimary();
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"The filter nests deeper than {MaxDepth} levels at position {Peek.Position}.", Peek);
        }
    }

    private FilterNode ParsePrimary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.LParen:
                Take();
                Enter();
                var inner = ParseOr();
                _depth--;
                Expect(TokenKind.RParen, "`)`");
                return inner;
            case TokenKind.Word when token.Text.Equals("_geoRadius", StringComparison.OrdinalIgnoreCase):
                return ParseGeoRadius();
            case TokenKind.Word when token.Text.Equals("_geoBoundingBox", StringComparison.OrdinalIgnoreCase):
                return ParseGeoBox();
            case TokenKind.Word when token.Text.StartsWith("_geo", StringComparison.OrdinalIgnoreCase):
                throw Error($"Unknown geo function {token.Describe()} at position {token.Position}: expected _geoRadius or _geoBoundingBox.", token);
            case TokenKind.Word or TokenKind.Quoted when !IsReservedWord(token):
                return ParseCondition();
            default:
                throw Error($"Unexpected {token.Describe()} at position {token.Position}: expected a field name, `(`, NOT, _geoRadius or _geoBoundingBox.", token);
        }
    }

    private static bool IsReservedWord(FilterToken t) =>
        t.Kind == TokenKind.Word && (t.IsKeyword("AND") || t.IsKeyword("OR") || t.IsKeyword("NOT") || t.IsKeyword("TO"));

    private FilterToken Expect(TokenKind kind, string what)
    {
        var t = Peek;
        if (t.Kind != kind)
        {
            throw Error($"Unexpected {t.Describe()} at position {t.Position}: expected {what}.", t);
        }

        return Take();
    }

    private void ExpectKeyword(string keyword)
    {
        var t = Peek;
        if (!t.IsKeyword(keyword))
        {
            throw Error($"Unexpected {t.Describe()} at position {t.Position}: expected {keyword}.", t);
        }

        Take();
    }

    private FilterNode ParseCondition()
    {
        var fieldToken = Take();
        var fieldIndex = _schema.IndexOf(fieldToken.Text);
        if (fieldIndex < 0 || !_schema.Fields[fieldIndex].Filterable)
        {
            var available = string.Join(", ", _schema.Fields.Where(f => f.Filterable).Select(f => $"`{f.Name}`"));
            throw Error(
                $"Attribute `{fieldToken.Text}` at position {fieldToken.Position} is not filterable. Available filterable attributes are: {(available.Length == 0 ? "none" : available)}.",
                fieldToken);
        }

        var field = _schema.Fields[fieldIndex];
        var t = Peek;
        if (t.Kind == TokenKind.Op)
        {
            Take();
            var value = ParseValue(field);
            if (t.Text == "!=")
            {
                return new NotNode(new ConditionNode(fieldIndex, FilterOp.Eq, [value]));
            }

            var op = t.Text switch
            {
                "=" => FilterOp.Eq,
                ">" => FilterOp.Gt,
                ">=" => FilterOp.Gte,
                "<" => FilterOp.Lt,
                _ => FilterOp.Lte,
            };
            RequireComparable(field, op, t);
            return new ConditionNode(fieldIndex, op, [value]);
        }

        if (t.IsKeyword("IN"))
        {
            Take();
            return new ConditionNode(fieldIndex, FilterOp.In, ParseList(field));
        }

        if (t.IsKeyword("EXISTS"))
        {
            Take();
            return new ConditionNode(fieldIndex, FilterOp.Exists, []);
        }

        if (t.IsKeyword("NOT"))
        {
            Take();
            var after = Peek;
            if (after.IsKeyword("IN"))
            {
                Take();
                return new NotNode(new ConditionNode(fieldIndex, FilterOp.In, ParseList(field)));
            }

            if (after.IsKeyword("EXISTS"))
            {
                Take();
                return new NotNode(new ConditionNode(fieldIndex, FilterOp.Exists, []));
            }

            throw Error($"Unexpected {after.Describe()} at position {after.Position}: expected IN or EXISTS after NOT.", after);
        }

        if (t.IsKeyword("IS"))
        {
            Take();
            var negate = false;
            if (Peek.IsKeyword("NOT"))
            {
                Take();
                negate = true;
            }

            var what = Peek;
            FilterOp op;
            if (what.IsKeyword("NULL"))
            {
                op = FilterOp.IsNull;
            }
            else if (what.IsKeyword("EMPTY"))
            {
                op = FilterOp.IsEmpty;
            }
            else
            {
                throw Error($"Unexpected {what.Describe()} at position {what.Position}: expected NULL or EMPTY after IS{(negate ? " NOT" : "")}.", what);
            }

            Take();
            FilterNode node = new ConditionNode(fieldIndex, op, []);
            return negate ? new NotNode(node) : node;
        }

        if ((t.Kind is TokenKind.Word or TokenKind.Quoted) && !IsReservedWord(t) && PeekAt(1).IsKeyword("TO"))
        {
            RequireComparable(field, FilterOp.Range, t);
            var from = ParseValue(field);
            Take();
            var to = ParseValue(field);
            return new ConditionNode(fieldIndex, FilterOp.Range, [from, to]);
        }

        throw Error($"Unexpected {t.Describe()} at position {t.Position} after `{field.Name}`: expected an operator ({Operators}).", t);
    }

    private static void RequireComparable(FieldDefinition field, FilterOp op, FilterToken at)
    {
        if (field.Kind == FieldKind.GeoPoint && op != FilterOp.Eq)
        {
            throw Error($"Field `{field.Name}` is a geo point and cannot be compared at position {at.Position}: use _geoRadius or _geoBoundingBox.", at);
        }
    }

    private List<FilterValue> ParseList(FieldDefinition field)
    {
        Expect(TokenKind.LBracket, "`[` to open the IN list");
        var values = new List<FilterValue>();
        while (Peek.Kind != TokenKind.RBracket)
        {
            values.Add(ParseValue(field));
            if (Peek.Kind == TokenKind.Comma)
            {
                Take();
            }
            else if (Peek.Kind != TokenKind.RBracket)
            {
                throw Error($"Unexpected {Peek.Describe()} at position {Peek.Position}: expected `,` or `]` in the IN list.", Peek);
            }
        }

        Take();
        return values;
    }

    private FilterValue ParseValue(FieldDefinition field)
    {
        var t = Peek;
        if (t.Kind is not (TokenKind.Word or TokenKind.Quoted) || (t.Kind == TokenKind.Word && IsReservedWord(t)))
        {
            throw Error($"Unexpected {t.Describe()} at position {t.Position}: expected a value for `{field.Name}`.", t);
        }

        Take();
        switch (field.Kind)
        {
            case FieldKind.Integer or FieldKind.Decimal:
                if (!Keys.TryParseNumber(t.Text, out var number))
                {
                    throw Error($"Field `{field.Name}` is numeric: expected a number at position {t.Position}, found {t.Describe()}.", t);
                }

                return new FilterValue(Keys.NumberText(number), number);
            case FieldKind.Date:
                if (!Keys.TryParseNumber(t.Text, out var epoch) && !Keys.TryParseDate(t.Text, out epoch))
                {
                    throw Error($"Field `{field.Name}` is a date: expected an ISO date (2024-05-01), an ISO instant or epoch seconds at position {t.Position}, found {t.Describe()}.", t);
                }

                return new FilterValue(Keys.NumberText(epoch), epoch);
            case FieldKind.Boolean:
                if (!bool.TryParse(t.Text, out var b))
                {
                    throw Error($"Field `{field.Name}` is a boolean: expected true or false at position {t.Position}, found {t.Describe()}.", t);
                }

                return new FilterValue(Keys.BoolKey(b), b ? 1 : 0);
            case FieldKind.GeoPoint:
                throw Error($"Field `{field.Name}` is a geo point and cannot be compared at position {t.Position}: use _geoRadius or _geoBoundingBox.", t);
            default:
                return new FilterValue(Keys.Normalize(t.Text), double.NaN);
        }
    }

    private int RequireGeoField(FilterToken at)
    {
        if (_geoField < 0)
        {
            throw Error($"{at.Text} at position {at.Position} needs a filterable GeoPoint field, and the index has none (or the query names none).", at);
        }

        if (!_schema.Fields[_geoField].Filterable)
        {
            throw Error($"{at.Text} at position {at.Position}: the geo field `{_schema.Fields[_geoField].Name}` is not filterable.", at);
        }

        return _geoField;
    }

    private GeoRadiusNode ParseGeoRadius()
    {
        var fn = Take();
        var field = RequireGeoField(fn);
        Expect(TokenKind.LParen, "`(` after _geoRadius");
        var lat = ParseCoordinate("latitude", 90);
        Expect(TokenKind.Comma, "`,`");
        var lng = ParseCoordinate("longitude", 180);
        Expect(TokenKind.Comma, "`,`");
        var distanceToken = Peek;
        var meters = ParseNumber("distance in meters");
        if (meters < 0)
        {
            throw Error($"The _geoRadius distance at position {distanceToken.Position} must be zero or positive, found {distanceToken.Describe()}.", distanceToken);
        }

        Expect(TokenKind.RParen, "`)` to close _geoRadius (lat, lng, meters)");
        return new GeoRadiusNode(field, lat, lng, meters);
    }

    private GeoBoxNode ParseGeoBox()
    {
        var fn = Take();
        var field = RequireGeoField(fn);
        Expect(TokenKind.LParen, "`(` after _geoBoundingBox");
        Expect(TokenKind.LBracket, "`[` to open the top-right corner [lat, lng]");
        var northToken = Peek;
        var north = ParseCoordinate("latitude", 90);
        Expect(TokenKind.Comma, "`,`");
        var east = ParseCoordinate("longitude", 180);
        Expect(TokenKind.RBracket, "`]`");
        Expect(TokenKind.Comma, "`,`");
        Expect(TokenKind.LBracket, "`[` to open the bottom-left corner [lat, lng]");
        var south = ParseCoordinate("latitude", 90);
        Expect(TokenKind.Comma, "`,`");
        var west = ParseCoordinate("longitude", 180);
        Expect(TokenKind.RBracket, "`]`");
        Expect(TokenKind.RParen, "`)` to close _geoBoundingBox([lat, lng], [lat, lng])");
        if (north < south)
        {
            throw Error($"The _geoBoundingBox at position {northToken.Position} has its top-right latitude ({north}) below its bottom-left latitude ({south}).", northToken);
        }

        return new GeoBoxNode(field, north, east, south, west);
    }

    private double ParseCoordinate(string what, double limit)
    {
        var t = Peek;
        var value = ParseNumber(what);
        if (value < -limit || value > limit)
        {
            throw Error($"Bad {what} {t.Describe()} at position {t.Position}: expected a number in [-{limit}, {limit}].", t);
        }

        return value;
    }

    private double ParseNumber(string what)
    {
        var t = Peek;
        if (t.Kind is not (TokenKind.Word or TokenKind.Quoted) || !Keys.TryParseNumber(t.Text, out var value))
        {
            throw Error($"Unexpected {t.Describe()} at position {t.Position}: expected a finite number ({what}).", t);
        }

        Take();
        return value;
    }
}
