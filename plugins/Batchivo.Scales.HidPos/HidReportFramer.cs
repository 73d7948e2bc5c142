namespace Batchivo.Scales.HidPos;

/// <summary>
/// Cuts a byte stream into 6-byte weight reports. A hidraw file gives one report per read; a pipe or a plain file may
/// give several at once or split one, so bytes are kept until a report is whole. Bytes that cannot start a report
/// (not report id 3 followed by a scale status) are skipped one at a time until the stream lines up again.
/// </summary>
/// <remarks>Not thread-safe: one reader feeds it.</remarks>
public sealed class HidReportFramer
{
    private readonly byte[] _pending = new byte[HidScaleReport.Length];
    private int _count;

    /// <summary>How many bytes were skipped because they did not start a report.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Adds bytes and returns the whole reports they complete, in order.</summary>
    /// <param name="bytes">The bytes read.</param>
    /// <returns>The reports.</returns>
    public IReadOnlyList<HidScaleReport> Add(ReadOnlySpan<byte> bytes)
    {
        var reports = new List<HidScaleReport>();
        foreach (var b in bytes)
        {
            _pending[_count++] = b;
            while (_count > 0 && !CanStart())
            {
                Skip();
            }

            if (_count == HidScaleReport.Length)
            {
                if (HidScaleReport.TryParse(_pending, out var report, out _))
                {
                    reports.Add(report);
                    _count = 0;
                }
                else
                {
                    Skip();
                    while (_count > 0 && !CanStart())
                    {
                        Skip();
                    }
                }
            }
        }

        return reports;
    }

    private bool CanStart() =>
        _pending[0] == HidScaleReport.ReportId && (_count < 2 || _pending[1] is >= 1 and <= 8);

    private void Skip()
    {
        Array.Copy(_pending, 1, _pending, 0, _count - 1);
        _count--;
        SkippedBytes++;
    }
}
