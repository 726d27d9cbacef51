namespace Mercato.Server.Demo;

internal static class VehicleFeedWriter
{
    public static void WriteCsv(TextWriter w, IEnumerable<GeneratedVehicle> rows) { foreach (var r in rows) { w.WriteLine(r.ToString()); } }
}
