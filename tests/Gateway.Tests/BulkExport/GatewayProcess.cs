using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.BulkExport;

/// <summary>The built gateway as a child process (<c>dotnet Lead.Gateway.dll</c>), so a test can kill it for real.</summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private GatewayProcess(Process process) => this.process = process;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static GatewayProcess Start(Uri baseAddress, string dataDirectory, IDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(GatewayDll());
        start.ArgumentList.Add($"--urls={baseAddress.AbsoluteUri.TrimEnd('/')}");
        start.ArgumentList.Add($"--DataDirectory={dataDirectory}");
        foreach (var (key, value) in TestClients.Settings().Concat(TestStore.Settings(dataDirectory)).Concat(settings))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = new Process { StartInfo = start };
        var child = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public async Task WaitReadyAsync(Uri baseAddress, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited ({process.ExitCode}):\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The gateway did not become ready:\n{Output}");
    }

    /// <summary>SIGKILL, like <c>kill -9</c>: no shutdown hooks run.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    public static Uri FreeLoopbackAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>The gateway the tests reference is copied beside them; otherwise the gateway project's own build output.</summary>
    private static string GatewayDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Lead.Gateway.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "Lead.Gateway.runtimeconfig.json")))
        {
            return beside;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var bin = Path.Combine(directory.FullName, "gateway", "bin");
            if (Directory.Exists(bin))
            {
                var found = Directory.EnumerateFiles(bin, "Lead.Gateway.dll", SearchOption.AllDirectories)
                    .Select(f => new FileInfo(f)).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault();
                if (found is not null)
                {
                    return found.FullName;
                }
            }
        }

        throw new FileNotFoundException("Lead.Gateway.dll not found beside the tests or under gateway/bin.");
    }
}
