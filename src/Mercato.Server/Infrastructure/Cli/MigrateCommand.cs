namespace Mercato.Server.Infrastructure.Cli;

internal static class MigrateCommand
{
    public static async Task<int> RunAsync(CliArguments args)
    {
        await using var database = new Database(args.ToDatabaseOptions());
        var migrator = new Migrator(database, TimeProvider.System);
        try
        {
            var applied = await migrator.MigrateAsync();
            Console.WriteLine(applied.Count == 0
                ? $"{database.Description}: schema is current (version {migrator.LatestVersion})"
                : $"{database.Description}: applied {string.Join(", ", applied.Select(m => $"{m.Version:D4}_{m.Name}"))}; schema at version {migrator.LatestVersion}");
            return 0;
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new StartupException($"cannot migrate {database.Description}: {exception.Message}");
        }
    }
}
