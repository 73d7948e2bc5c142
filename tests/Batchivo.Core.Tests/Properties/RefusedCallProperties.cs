using System.Text.Json;
using Batchivo.Production;
using FsCheck.Xunit;

namespace Batchivo.Core.Tests.Properties;

/// <summary>A refused domain call leaves the run and every spool exactly as they were.</summary>
public sealed class RefusedCallProperties
{
    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void A_refused_call_throws_a_domain_error_and_changes_nothing(RefusedCallCase c)
    {
        var run = c.Run;
        var farm = c.History.Farm;
        c.Call.Arrange();
        var runBefore = Json(run.ToState());
        var spoolsBefore = farm.Spools.ToDictionary(s => s.Code, s => Json(s.ToState()));
        var totalsBefore = run.Totals;

        var error = Record.Exception(c.Call.Act);

        Assert.NotNull(error);
        var domainError = Assert.IsAssignableFrom<BatchivoException>(error);
        Assert.False(string.IsNullOrWhiteSpace(domainError.Message));
        if (c.Call.Rule is { } rule)
        {
            Assert.Equal(rule, Assert.IsAssignableFrom<DomainRuleException>(error).Rule);
            if (rule == DomainRule.RunState)
            {
                var stateError = Assert.IsType<RunStateException>(error);
                Assert.Equal(run.Status, stateError.Status);
                Assert.Equal(run.Number, stateError.RunNumber);
            }

            if (rule == DomainRule.SpoolInUse)
            {
                Assert.IsType<SpoolInUseException>(error);
            }

            if (rule == DomainRule.CurrencyMismatch)
            {
                Assert.IsType<CurrencyMismatchException>(error);
            }
        }

        Assert.Equal(runBefore, Json(run.ToState()));
        foreach (var spool in farm.Spools)
        {
            Assert.Equal(spoolsBefore[spool.Code], Json(spool.ToState()));
        }

        // The cached figures are still those of the (unchanged) state.
        Assert.Equal(totalsBefore, run.Totals);
        Assert.Equal(ProductionRun.Restore(run.ToState()).Totals, run.Totals);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
