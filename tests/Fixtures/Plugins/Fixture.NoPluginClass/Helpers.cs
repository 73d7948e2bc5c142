namespace Fixture.NoPluginClass;

public static class Helpers
{
    public static Batchivo.Mass Twice(Batchivo.Mass mass) => mass * 2m;
}
