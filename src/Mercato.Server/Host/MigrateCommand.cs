using System.CommandLine;
using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Cli;

namespace Mercato.Server.Host;

internal static class MigrateCommand
{
    public static Command Create(CliGlobals globals)
    {
        var quiet = new Option<bool>("--quiet") { Description = "no progress" };
        var command = new Command("migrate", "apply database migrations") { quiet };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var database = new Database(globals.ToDatabaseOptions(result));
            var migrator = new Migrator(database, TimeProvider.System);
            try
            {
                var pending = (await migrator.PendingAsync(cancellationToken)).Count;
                var applied = 0L;
                IReadOnlyList<Migrator.Migration> done;
                await using (ProgressSinks.Create(result.GetValue(quiet)).Track("migrate", "migrations", pending, () => Interlocked.Read(ref applied)))
                {
                    done = await migrator.MigrateAsync(_ => Interlocked.Increment(ref applied), cancellationToken);
                }

                Console.WriteLine(done.Count == 0
                    ? $"{database.Description}: schema is current (version {migrator.LatestVersion})"
                    : $"{database.Description}: applied {string.Join(", ", done.Select(m => $"{m.Version:D4}_{m.Name}"))}; schema at version {migrator.LatestVersion}");
                return ExitCodes.Ok;
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
            {
                throw new StartupException($"cannot migrate {database.Description}: {exception.Message}");
            }
        });
        return command;
    }
}
