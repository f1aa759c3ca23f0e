using System.Security.Cryptography;
using System.Text;

namespace EmailPipeline.Application.Common.Security;

/// <summary>
/// The token that requests must present. Only its SHA-256 is kept, and a presented token is compared by hashing
/// it and comparing the two hashes in constant time: the time taken says nothing about the token, not even its
/// length. Never printable.
/// </summary>
public sealed class ExpectedToken
{
    private readonly byte[] _hash;

    private ExpectedToken(byte[] hash, string version)
    {
        _hash = hash;
        Version = version;
    }

    /// <summary>Which value of the secret this is (the store's version), for logs and change detection.</summary>
    public string Version { get; }

    public static ExpectedToken FromSecret(string secret, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return new ExpectedToken(Hash(secret), version);
    }

    public bool Matches(string? presented)
    {
        // An absent token still costs one hash, so that it is not measurably faster to reject. The secret is never
        // empty (FromSecret), so the empty string cannot match it.
        return CryptographicOperations.FixedTimeEquals(Hash(presented ?? string.Empty), _hash);
    }

    public bool IsSameSecretAs(ExpectedToken other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return CryptographicOperations.FixedTimeEquals(_hash, other._hash);
    }

    public override string ToString() => $"ExpectedToken(version {Version})";

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
