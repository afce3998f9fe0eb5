using System.Security.Cryptography;

namespace Lead.Auth.AppLaunch;

/// <summary>PBKDF2-SHA256 hashes for sandbox users: <c>pbkdf2-sha256$iterations$salt$hash</c> (base64).</summary>
public static class SandboxPasswordHasher
{
    private const int Iterations = 100_000;

    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        var parts = (encoded ?? string.Empty).Split('$');
        if (parts is not ["pbkdf2-sha256", var iterationText, var saltText, var hashText]
            || !int.TryParse(iterationText, out var iterations) || iterations < 10_000)
        {
            return false;
        }

        try
        {
            var expected = Convert.FromBase64String(hashText);
            var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(saltText), iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
