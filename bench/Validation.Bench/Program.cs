using BenchmarkDotNet.Running;

namespace Lead.Validation.Bench;

internal static class Program
{
    // Usage (see docs/performance.md): dotnet run -c Release --project bench/Validation.Bench -- --job short --filter '*'
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
