using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>`keys add|list|revoke`: the web host's API keys, shown once and stored only as hashes.</summary>
public sealed class KeysTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void A_key_is_shown_once_listed_without_its_secret_and_stored_as_a_hash()
    {
        var created = _host.Run("keys", "add", "bench", "--scope", "write", "--json").Ok().Json;
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("bvo_", secret, StringComparison.Ordinal);
        Assert.Equal("write", created.GetProperty("key").GetProperty("scope").GetString());

        var listed = _host.Run("keys", "list", "--json").Ok();
        Assert.DoesNotContain(secret, listed.Out, StringComparison.Ordinal);
        var key = Assert.Single(listed.Json.EnumerateArray());
        Assert.Equal("bench", key.GetProperty("name").GetString());
        Assert.False(key.TryGetProperty("secret", out _));

        var file = Assert.Single(Directory.GetFiles(_host.DataFolder, "api-keys.json", SearchOption.AllDirectories));
        Assert.DoesNotContain(secret.Split('_')[^1], File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Contains(created.GetProperty("key").GetProperty("id").GetString()!, File.ReadAllText(file), StringComparison.Ordinal);

        var table = _host.Run("keys", "add", "display").Ok();
        Assert.Contains("not shown again", table.Out, StringComparison.Ordinal);
        Assert.Contains("read", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revoked_key_is_listed_as_revoked_and_cannot_be_revoked_twice()
    {
        _host.Run("keys", "add", "bench", "--scope", "write").Ok();

        _host.Run("keys", "revoke", "bench").Ok();

        var key = Assert.Single(_host.Run("keys", "list", "--json").Ok().Json.EnumerateArray());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, key.GetProperty("revokedAt").ValueKind);
        Assert.Contains("bench", _host.Run("keys", "revoke", "bench").Expect(2).Error, StringComparison.Ordinal);
        _host.Run("keys", "add", "bench", "--scope", "read").Ok();
    }

    [Theory]
    [InlineData("bench", "admin", "--scope")]
    [InlineData("two words", "read", "key name")]
    public void Bad_input_is_exit_2_saying_what_to_give(string name, string scope, string named)
    {
        var result = _host.Run("keys", "add", name, "--scope", scope).Expect(2);

        Assert.Contains(named, result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_host.DataFolder, "api-keys.json", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_name_in_use_is_exit_2()
    {
        _host.Run("keys", "add", "bench").Ok();

        Assert.Contains("already named 'BENCH'", _host.Run("keys", "add", "BENCH", "--scope", "write").Expect(2).Error, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
