using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Cli;

namespace Mercato.Server.Tenancy;

/// <summary><c>mercato tenants list | add | update</c>: marketplaces, their host names and branding.</summary>
internal static class TenantsCommand
{
    /// <param name="verticals">What a new vertical brings to a tenant (given by the caller, as Tenancy knows no catalog).</param>
    public static async Task<int> RunAsync(CliArguments args, Func<Database, IVerticalSetup> verticals)
    {
        var action = args.Positionals.FirstOrDefault() ?? "list";
        await using var database = new Database(args.ToDatabaseOptions());
        var migrator = new Migrator(database, TimeProvider.System);
        await migrator.EnsureCurrentAsync(migrate: false);
        var store = new TenantStore(database, TimeProvider.System, verticals(database));
        switch (action)
        {
            case "list":
                foreach (var tenant in await store.ListAsync())
                {
                    Console.WriteLine($"{tenant.Slug,-20} {tenant.Name,-32} {tenant.DefaultCurrency}  {string.Join(",", tenant.Verticals),-26} {string.Join(" ", tenant.Hosts)}");
                }

                return 0;

            case "add":
                return await AddAsync(args, store);

            case "update":
                return await UpdateAsync(args, store);

            default:
                throw new CliUsageException($"unknown tenants action '{action}'; use list, add or update");
        }
    }

    private static async Task<int> AddAsync(CliArguments args, TenantStore store)
    {
        var slug = args.Value("--slug") ?? throw new CliUsageException("--slug is required");
        Check("--slug", TenantRules.CheckSlug(slug));
        var name = args.Value("--name") ?? throw new CliUsageException("--name is required");
        var hosts = Hosts(args.Values("--host"));
        var verticals = Verticals(args.Value("--verticals")) ?? VerticalNames.All;
        var currency = (args.Value("--currency") ?? "USD").ToUpperInvariant();
        Check("--currency", TenantRules.CheckCurrency(currency));
        var branding = Branding(args, TenantBranding.Default);
        if (await store.FindAsync(slug) is not null)
        {
            throw new StartupException($"tenant '{slug}' exists already; use 'mercato tenants update {slug}'");
        }

        await EnsureHostsFreeAsync(store, hosts, null);
        await store.CreateAsync(new TenantStore.NewTenant(slug, name.Trim(), hosts, currency, verticals, branding));
        Console.WriteLine($"added tenant {slug} ({string.Join(", ", verticals)}) serving {(hosts.Count == 0 ? "no host yet" : string.Join(", ", hosts))}");
        return 0;
    }

    private static async Task<int> UpdateAsync(CliArguments args, TenantStore store)
    {
        var slug = args.Positionals.ElementAtOrDefault(1) ?? args.Value("--slug") ?? throw new CliUsageException("say which tenant: 'mercato tenants update SLUG ...'");
        var tenant = await store.FindAsync(slug) ?? throw new StartupException($"no tenant '{slug}'; 'mercato tenants list' shows them");
        var hosts = args.Values("--host").Count > 0 ? Hosts(args.Values("--host")) : tenant.Hosts.ToList();
        hosts.AddRange(Hosts(args.Values("--add-host")));
        var removed = Hosts(args.Values("--remove-host"));
        hosts = hosts.Where(h => !removed.Contains(h)).Distinct().ToList();
        var currency = (args.Value("--currency") ?? tenant.DefaultCurrency).ToUpperInvariant();
        Check("--currency", TenantRules.CheckCurrency(currency));
        var verticals = Verticals(args.Value("--verticals")) is { } requested ? tenant.Verticals.Union(requested).ToList() : tenant.Verticals;
        await EnsureHostsFreeAsync(store, hosts, tenant.Id);
        var updated = tenant with
        {
            Name = args.Value("--name")?.Trim() ?? tenant.Name,
            DefaultCurrency = currency,
            Verticals = verticals,
            Branding = Branding(args, tenant.Branding),
            Hosts = hosts,
            SellerApproval = args.Value("--seller-approval") switch
            {
                null => tenant.SellerApproval,
                "on" => true,
                "off" => false,
                var other => throw new CliUsageException($"--seller-approval takes on or off, not '{other}'"),
            },
        };
        await store.UpdateAsync(updated);
        Console.WriteLine($"updated tenant {slug}: {updated.Name}, {updated.DefaultCurrency}, {string.Join(",", updated.Verticals)}, hosts {string.Join(" ", updated.Hosts)}, seller approval {(updated.SellerApproval ? "on" : "off")}");
        return 0;
    }

    private static List<string> Hosts(IEnumerable<string> raw)
    {
        var hosts = raw.Select(h => h.Trim().ToLowerInvariant()).ToList();
        foreach (var host in hosts)
        {
            Check("--host", TenantRules.CheckHost(host));
        }

        return hosts;
    }

    private static List<string>? Verticals(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var verticals = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        Check("--verticals", verticals.Count == 0 ? "needs at least one vertical" : TenantRules.CheckVerticals(verticals));
        return verticals;
    }

    private static TenantBranding Branding(CliArguments args, TenantBranding current)
    {
        var branding = current with
        {
            DisplayName = args.Value("--display-name") ?? current.DisplayName,
            PrimaryColor = args.Value("--primary-color") ?? current.PrimaryColor,
            AccentColor = args.Value("--accent-color") ?? current.AccentColor,
            LogoUrl = args.Value("--logo-url") ?? current.LogoUrl,
        };
        Check("--primary-color", TenantRules.CheckColor(branding.PrimaryColor));
        Check("--accent-color", TenantRules.CheckColor(branding.AccentColor));
        Check("--logo-url", TenantRules.CheckLogoUrl(branding.LogoUrl));
        return branding;
    }

    private static async Task EnsureHostsFreeAsync(TenantStore store, IEnumerable<string> hosts, long? tenantId)
    {
        var taken = await store.HostsTakenAsync(hosts, tenantId);
        if (taken.Count > 0)
        {
            throw new StartupException($"host name(s) {string.Join(", ", taken)} already serve another tenant");
        }
    }

    private static void Check(string option, string? error)
    {
        if (error is not null)
        {
            throw new CliUsageException($"{option}: {error}");
        }
    }
}
