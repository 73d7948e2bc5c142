using System.Diagnostics;
using System.Text;

namespace Batchivo.Scales.Serial.Tests.Support;

/// <summary>Mettler Toledo MT-SICS: SI, S, T, Z, I2, I4 and the error replies.</summary>
internal sealed class MtSicsEmulator(PseudoTerminal pty) : DeviceEmulator(pty)
{
    private readonly StringBuilder _line = new();
    private bool _holding;

    protected override void OnByte(byte b)
    {
        if (b == '\n')
        {
            var command = _line.ToString().TrimEnd('\r');
            _line.Clear();
            Receive(command);
            Answer(command);
        }
        else
        {
            _line.Append((char)b);
        }
    }

    protected override void OnTick()
    {
        var s = Script;
        if (_holding && IsStableNow(s))
        {
            _holding = false;
            Send(DeviceFrames.MtSicsWeight("S", true, ValueNow(s, true), s.Decimals, s.Unit));
        }
    }

    private void Answer(string command)
    {
        var s = Script;
        _holding = false;
        switch (command)
        {
            case "I2":
                Send("I2 A \"XS204 Excellence 220.0090 g\"\r\n");
                return;
            case "I4":
                Send("I4 A \"B021002593\"\r\n");
                return;
        }

        if (command is not ("S" or "SI" or "T" or "Z"))
        {
            Send("ES\r\n");
            return;
        }

        var echo = command == "SI" ? "S" : command;
        switch (s.Fault)
        {
            case DeviceFault.Silent:
                return;
            case DeviceFault.Garbage:
                SendGarbage();
                return;
            case DeviceFault.Error:
                Send(s.ErrorReply + "\r\n");
                return;
            case DeviceFault.Overload:
                Send(DeviceFrames.MtSicsStatus(echo, '+'));
                return;
            case DeviceFault.Underload:
                Send(DeviceFrames.MtSicsStatus(echo, '-'));
                return;
            case DeviceFault.Unplug:
                Unplug("S S     1");
                return;
        }

        var stable = IsStableNow(s);
        switch (command)
        {
            case "SI":
                Send(DeviceFrames.MtSicsWeight("S", stable, ValueNow(s, stable), s.Decimals, s.Unit));
                break;
            case "S" when stable:
                Send(DeviceFrames.MtSicsWeight("S", true, ValueNow(s, true), s.Decimals, s.Unit));
                break;
            case "S" when s.HoldStableRequests:
                _holding = true;
                break;
            case "S":
                Send(DeviceFrames.MtSicsStatus("S", 'I'));
                break;
            case "T" when stable:
                Send(DeviceFrames.MtSicsWeight("T", true, s.Value, s.Decimals, s.Unit));
                Offset = s.Value;
                break;
            case "Z" when stable:
                Offset = s.Value;
                Send(DeviceFrames.MtSicsStatus("Z", 'A'));
                break;
            default:
                Send(DeviceFrames.MtSicsStatus(command, 'I'));
                break;
        }
    }
}

/// <summary>A&amp;D-style indicator: streams a frame every 20 ms, or answers <c>Q</c> in request mode.</summary>
internal sealed class AndEmulator(PseudoTerminal pty, bool streaming) : DeviceEmulator(pty)
{
    private readonly StringBuilder _line = new();
    private readonly Stopwatch _sinceFrame = Stopwatch.StartNew();

    public bool Net { get; set; }

    protected override void OnByte(byte b)
    {
        if (b == '\n')
        {
            var command = _line.ToString().TrimEnd('\r');
            _line.Clear();
            Receive(command);
            if (!streaming && command == "Q")
            {
                SendFrame();
            }
        }
        else
        {
            _line.Append((char)b);
        }
    }

    protected override void OnTick()
    {
        if (streaming && _sinceFrame.ElapsedMilliseconds >= 20)
        {
            _sinceFrame.Restart();
            SendFrame();
        }
    }

    private void SendFrame()
    {
        var s = Script;
        switch (s.Fault)
        {
            case DeviceFault.Silent:
                return;
            case DeviceFault.Garbage:
                SendGarbage();
                return;
            case DeviceFault.Overload or DeviceFault.Underload:
                Send(DeviceFrames.AndOverload(s.Fault == DeviceFault.Underload, s.Unit));
                return;
            case DeviceFault.Unplug:
                Unplug("ST,+001");
                return;
        }

        var stable = IsStableNow(s);
        Send(DeviceFrames.And(s.Layout, stable, Net, ValueNow(s, stable), s.Decimals, s.Unit));
    }
}

/// <summary>Sartorius SBI: answers <c>ESC P</c> with a print frame, takes <c>ESC T</c> as tare; or streams (continuous print).</summary>
internal sealed class SartoriusEmulator(PseudoTerminal pty, bool streaming) : DeviceEmulator(pty)
{
    private readonly Stopwatch _sinceFrame = Stopwatch.StartNew();
    private bool _escape;

    protected override void OnByte(byte b)
    {
        if (b == 0x1B)
        {
            _escape = true;
            return;
        }

        if (!_escape)
        {
            return;
        }

        _escape = false;
        Receive("ESC " + (char)b);
        if (b == 'P')
        {
            SendFrame();
        }
        else if (b == 'T')
        {
            Offset = Script.Value;
        }
    }

    protected override void OnTick()
    {
        if (streaming && _sinceFrame.ElapsedMilliseconds >= 20)
        {
            _sinceFrame.Restart();
            SendFrame();
        }
    }

    private void SendFrame()
    {
        var s = Script;
        var id = s.WithId ? "N" : null;
        if (s.Before is not null)
        {
            Send(s.Before + "\r\n");
        }

        if (s.Instead is not null)
        {
            Send(s.Instead + "\r\n");
            return;
        }

        switch (s.Fault)
        {
            case DeviceFault.Silent:
                return;
            case DeviceFault.Garbage:
                SendGarbage();
                return;
            case DeviceFault.Overload:
                Send(DeviceFrames.SartoriusSpecial("H", s.WithId ? "Stat" : null));
                return;
            case DeviceFault.Underload:
                Send(DeviceFrames.SartoriusSpecial("L", s.WithId ? "Stat" : null));
                return;
            case DeviceFault.Error:
                Send(DeviceFrames.SartoriusSpecial("Err 101", s.WithId ? "Stat" : null));
                return;
            case DeviceFault.Unplug:
                Unplug("+   12");
                return;
        }

        var stable = IsStableNow(s);
        Send(DeviceFrames.Sartorius(stable, ValueNow(s, stable), s.Decimals, s.Unit, id));
    }
}

/// <summary>Kern: <c>w</c> any weight, <c>s</c> stable weight (held until stable), <c>t</c> tare; no line ends.</summary>
internal sealed class KernEmulator(PseudoTerminal pty) : DeviceEmulator(pty)
{
    private bool _holding;

    protected override void OnByte(byte b)
    {
        var command = (char)b;
        Receive(command.ToString());
        var s = Script;
        _holding = false;
        if (command == 't')
        {
            Offset = s.Value;
            return;
        }

        if (command is not ('w' or 's'))
        {
            return;
        }

        switch (s.Fault)
        {
            case DeviceFault.Silent:
                return;
            case DeviceFault.Garbage:
                SendGarbage();
                return;
            case DeviceFault.Error or DeviceFault.Overload or DeviceFault.Underload:
                Send(DeviceFrames.KernError());
                return;
            case DeviceFault.Unplug:
                Unplug("      12");
                return;
        }

        var stable = IsStableNow(s);
        if (command == 's' && !stable)
        {
            _holding = true;
            return;
        }

        Send(DeviceFrames.Kern(stable, ValueNow(s, stable), s.Decimals, s.Unit));
    }

    protected override void OnTick()
    {
        var s = Script;
        if (_holding && IsStableNow(s))
        {
            _holding = false;
            Send(DeviceFrames.Kern(true, ValueNow(s, true), s.Decimals, s.Unit));
        }
    }
}
