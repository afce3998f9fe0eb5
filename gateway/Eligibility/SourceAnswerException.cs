namespace Lead.Gateway.Eligibility;

/// <summary>A source's answer the check cannot use; the message is the reason reported to the caller.</summary>
internal sealed class SourceAnswerException : Exception
{
    public SourceAnswerException(string message)
        : base(message)
    {
    }

    public SourceAnswerException()
    {
    }

    public SourceAnswerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
