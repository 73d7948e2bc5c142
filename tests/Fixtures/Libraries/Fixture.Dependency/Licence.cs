namespace Fixture.Dependency;

public sealed class Licence
{
    public string Holder => "fixture";
}
