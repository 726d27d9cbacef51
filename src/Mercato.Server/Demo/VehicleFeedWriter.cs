using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mercato.Server.Demo;

// Dealer feed files in the two formats the importers accept. Prices are written in major units (18990 or 18990.5).
internal static class VehicleFeedWriter
{
    public const string CsvHeader =
        "external_id,dealer_id,dealer_name,zip,vin,year,make,model,trim,body,fuel,transmission,drivetrain,"
        + "exterior_color,condition,mileage,price,currency,title,description";

    private static readonly JsonWriterOptions s_jsonOptions = new()
    {
        // Feed files are not embedded in HTML, so keep "£", "&" and accents readable instead of \uXXXX.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    // RFC 4180: CRLF record ends, fields quoted only when they hold a comma, quote or line break.
    public static void WriteCsv(TextWriter w, IEnumerable<GeneratedVehicle> rows)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(rows);
        w.Write(CsvHeader);
        w.Write("\r\n");
        Span<char> number = stackalloc char[32];
        foreach (var v in rows)
        {
            Field(w, v.ExternalId);
            w.Write(',');
            Field(w, v.Dealer.ExternalId);
            w.Write(',');
            Field(w, v.Dealer.Name);
            w.Write(',');
            Field(w, v.Dealer.Zip);
            w.Write(',');
            Field(w, v.Vin);
            w.Write(',');
            Number(w, v.Year, number);
            w.Write(',');
            Field(w, v.Make);
            w.Write(',');
            Field(w, v.Model);
            w.Write(',');
            Field(w, v.Trim);
            w.Write(',');
            Field(w, v.Body);
            w.Write(',');
            Field(w, v.Fuel);
            w.Write(',');
            Field(w, v.Transmission);
            w.Write(',');
            Field(w, v.Drivetrain);
            w.Write(',');
            Field(w, v.ExteriorColor);
            w.Write(',');
            Field(w, v.Condition);
            w.Write(',');
            Number(w, v.Mileage, number);
            w.Write(',');
            Number(w, MajorUnits(v.PriceMinor), number);
            w.Write(',');
            Field(w, v.Currency);
            w.Write(',');
            Field(w, v.Title);
            w.Write(',');
            Field(w, v.Description);
            w.Write("\r\n");
        }
    }

    public static void WriteJsonLines(TextWriter w, IEnumerable<GeneratedVehicle> rows)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(rows);
        var bytes = new ArrayBufferWriter<byte>(2048);
        var chars = new char[4096];
        using var json = new Utf8JsonWriter(bytes, s_jsonOptions);
        foreach (var v in rows)
        {
            bytes.ResetWrittenCount();
            json.Reset(bytes);
            json.WriteStartObject();
            json.WriteString("external_id", v.ExternalId);
            json.WriteString("dealer_id", v.Dealer.ExternalId);
            json.WriteString("dealer_name", v.Dealer.Name);
            json.WriteString("zip", v.Dealer.Zip);
            json.WriteString("vin", v.Vin);
            json.WriteNumber("year", v.Year);
            json.WriteString("make", v.Make);
            json.WriteString("model", v.Model);
            json.WriteString("trim", v.Trim);
            json.WriteString("body", v.Body);
            json.WriteString("fuel", v.Fuel);
            json.WriteString("transmission", v.Transmission);
            json.WriteString("drivetrain", v.Drivetrain);
            json.WriteString("exterior_color", v.ExteriorColor);
            json.WriteString("condition", v.Condition);
            json.WriteNumber("mileage", v.Mileage);
            json.WriteNumber("price", MajorUnits(v.PriceMinor));
            json.WriteString("currency", v.Currency);
            json.WriteString("title", v.Title);
            json.WriteString("description", v.Description);
            json.WriteEndObject();
            json.Flush();

            var written = bytes.WrittenSpan;
            if (Encoding.UTF8.GetMaxCharCount(written.Length) > chars.Length)
            {
                chars = new char[Encoding.UTF8.GetMaxCharCount(written.Length)];
            }

            var count = Encoding.UTF8.GetChars(written, chars);
            w.Write(chars, 0, count);
            w.Write('\n');
        }
    }

    private static decimal MajorUnits(long minor) => minor % 100 == 0 ? minor / 100 : minor / 100m;

    private static void Number(TextWriter w, decimal value, Span<char> buffer)
    {
        value.TryFormat(buffer, out var length, default, CultureInfo.InvariantCulture);
        w.Write(buffer[..length]);
    }

    private static void Number(TextWriter w, int value, Span<char> buffer)
    {
        value.TryFormat(buffer, out var length, default, CultureInfo.InvariantCulture);
        w.Write(buffer[..length]);
    }

    private static void Field(TextWriter w, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            w.Write(value);
            return;
        }

        w.Write('"');
        var rest = value.AsSpan();
        int quote;
        while ((quote = rest.IndexOf('"')) >= 0)
        {
            w.Write(rest[..(quote + 1)]);
            w.Write('"');
            rest = rest[(quote + 1)..];
        }

        w.Write(rest);
        w.Write('"');
    }
}
