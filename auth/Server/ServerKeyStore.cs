using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Server;

/// <summary>
/// The server's RSA-2048 signing and encryption keys, generated once into <c>{dataDirectory}/keys/</c> and reused across
/// restarts (RSA-2048: RSA-4096 costs ≈ 20% of gateway throughput on every token validation). Replicas must share the
/// folder (or the deployment mounts the same PEM files). The folder is git-ignored.
/// </summary>
public sealed class ServerKeyStore
{
    public ServerKeyStore(string dataDirectory)
    {
        KeyDirectory = Path.Combine(dataDirectory, "keys");
        Directory.CreateDirectory(KeyDirectory);
        SigningKey = LoadOrCreate("server-signing.rsa.pem");
        EncryptionKey = LoadOrCreate("server-encryption.rsa.pem");
    }

    public string KeyDirectory { get; }

    public RsaSecurityKey SigningKey { get; }

    public RsaSecurityKey EncryptionKey { get; }

    private RsaSecurityKey LoadOrCreate(string fileName)
    {
        var path = Path.Combine(KeyDirectory, fileName);
        if (!File.Exists(path))
        {
            using var created = RSA.Create(2048);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                // Owner-only from the first byte: a private key is never briefly world-readable.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(temporary, options))
            {
                writer.Write(created.ExportPkcs8PrivateKeyPem());
            }

            try
            {
                // An atomic rename: when two processes start together, one wins and the other reads its complete key.
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }
}
