using Lead.Auth.Server;

namespace Lead.Auth.Tests.Server;

public sealed class ServerKeyStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lead-auth-keys-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void ServerKeyStore_Restart_ReusesPersistedKeys()
    {
        var first = new ServerKeyStore(_directory);

        var second = new ServerKeyStore(_directory);

        Assert.Equal(first.SigningKey.KeyId, second.SigningKey.KeyId);
        Assert.Equal(first.EncryptionKey.KeyId, second.EncryptionKey.KeyId);
        Assert.NotEqual(first.SigningKey.KeyId, first.EncryptionKey.KeyId);
        Assert.Equal(2048, first.SigningKey.Rsa.KeySize);
    }

    [Fact]
    public void ServerKeyStore_KeyFiles_OwnerOnly()
    {
        var store = new ServerKeyStore(_directory);

        var files = Directory.GetFiles(store.KeyDirectory, "*.pem");

        Assert.Equal(2, files.Length);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in files)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
