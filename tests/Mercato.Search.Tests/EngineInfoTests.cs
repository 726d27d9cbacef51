namespace Mercato.Search.Tests;

public class EngineInfoTests
{
    [Fact]
    public void Engine_reports_its_name() => SearchEngineInfo.Name.ShouldBe("Mercato.Search");
}
