using System.CommandLine;
using System.Globalization;
using Batchivo.Catalog;
using Batchivo.Production;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>`catalog`: spools, brand tares, products and printers.</summary>
internal static class CatalogCommands
{
    public static Command Create() => new("catalog", "Spools, brand tares, products and printers.")
    {
        Spools(),
        BrandTares(),
        Products(),
        Printers(),
    };

    // ---- spools ---------------------------------------------------------------------------------

    private static Command Spools()
    {
        var code = new Argument<string>("code") { Description = "The spool's code, e.g. PLA-001." };

        var material = new Option<string>("--material") { Description = "Type and colour, e.g. \"PLA Black\".", Required = true };
        var brand = new Option<string?>("--brand") { Description = "The brand, e.g. \"Bambu Lab\" (finds the brand tare)." };
        var hex = new Option<string?>("--colour-hex") { Description = "The colour as hex, e.g. #000000." };
        var net = new Option<decimal>("--net") { Description = "Nominal net filament, grams.", DefaultValueFactory = _ => 1000m };
        var price = new Option<decimal>("--price") { Description = "Purchase price, e.g. 25.00.", Required = true };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 currency.", DefaultValueFactory = _ => "USD" };
        var tare = new Option<decimal?>("--tare") { Description = "Empty-spool weight, grams (else the brand tare is used)." };
        var type = new Option<string?>("--spool-type") { Description = "Kind of spool, e.g. plastic or cardboard." };
        var gross = new Option<decimal?>("--gross") { Description = "A first weighing, grams." };
        var add = new Command("add", "Add a spool.") { code, material, brand, hex, net, price, currency, tare, type, gross };
        Cli.Run(add, async (p, s, ct) =>
        {
            var filament = new Material(Args.Material(p.GetValue(material)!, "--material"), p.GetValue(brand), p.GetValue(hex));
            var spool = await s.Production.Catalog.AddSpoolAsync(
                new NewSpool(p.GetValue(code)!, filament, Mass.FromGrams(p.GetValue(net)), new Money(p.GetValue(price), p.GetValue(currency)!), Args.Grams(p.GetValue(tare)), p.GetValue(type), Args.Grams(p.GetValue(gross))),
                ct);
            await ShowSpoolAsync(s, spool, "Added", ct);
        });

        var list = new Command("list", "List the spools.");
        Cli.Read(list, async (_, s, ct) =>
        {
            var tares = await s.Production.Catalog.GetBrandTaresAsync(ct);
            var spools = await s.Production.Catalog.ListSpoolsAsync(ct);
            s.Emit(spools.Select(x => Shapes.Spool(x, tares)).ToList(), console =>
            {
                var table = new Table().AddColumns("Spool", "Material", "Brand", "Price", "Tare", "Gross", "Left", "Used", "In use");
                foreach (var x in spools)
                {
                    table.AddRow(E(x.Code), E(x.Material.ToString()), E(x.Material.Brand ?? "-"), E(x.Price.ToDisplayString()), x.ResolveTare(tares)?.ToString() ?? "?", x.GrossWeight?.ToString() ?? "-", x.Remaining(tares)?.ToString() ?? "-", x.UsedSinceFirstWeighing?.ToString() ?? "-", x.ActiveRunId is null ? "" : "yes");
                }

                console.Write(table);
            });
        });

        var show = new Command("show", "Show a spool and its ledger.") { code };
        Cli.Read(show, async (p, s, ct) => await ShowSpoolAsync(s, await s.Production.Catalog.GetSpoolAsync(p.GetValue(code)!, ct), null, ct));

        var eMaterial = new Option<string?>("--material") { Description = "New type and colour." };
        var eNet = new Option<decimal?>("--net") { Description = "New nominal net grams." };
        var ePrice = new Option<decimal?>("--price") { Description = "New price (in --currency, else the spool's)." };
        var eCurrency = new Option<string?>("--currency") { Description = "New currency." };
        var edit = new Command("edit", "Change a spool's catalog data (its weight changes only by weighing).") { code, eMaterial, brand, hex, eNet, ePrice, eCurrency, tare, type };
        Cli.Run(edit, async (p, s, ct) =>
        {
            var spool = await s.Production.Catalog.EditSpoolAsync(
                p.GetValue(code)!,
                new SpoolEdit(
                    p.GetValue(eMaterial) is { } m ? Args.Material(m, "--material") : null,
                    p.GetValue(brand),
                    p.GetValue(hex),
                    Args.Grams(p.GetValue(eNet)),
                    p.GetValue(ePrice),
                    p.GetValue(eCurrency),
                    Args.Grams(p.GetValue(tare)),
                    p.GetValue(type)),
                ct);
            await ShowSpoolAsync(s, spool, "Changed", ct);
        });

        var spools = new Command("spool", "Spools of filament: code, material, price, tare and the ledger of weighings.") { add, list, show, edit };
        foreach (var command in SpoolWeighCommands.Create(code, ShowSpoolAsync))
        {
            spools.Subcommands.Add(command);
        }

        return spools;
    }

    private static async Task ShowSpoolAsync(Session s, Spool spool, string? verb, CancellationToken ct)
    {
        var tares = await s.Production.Catalog.GetBrandTaresAsync(ct);
        s.Emit(Shapes.Spool(spool, tares), console =>
        {
            if (verb is not null)
            {
                console.MarkupLineInterpolated($"{verb} spool [bold]{spool.Code}[/].");
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Spool", E(spool.Code));
            grid.AddRow("Material", E($"{spool.Material} ({spool.Material.Brand ?? "no brand"}{(spool.Material.ColourHex is { } h ? ", " + h : "")})"));
            grid.AddRow("Nominal net", spool.NominalNet.ToString());
            grid.AddRow("Price", E($"{spool.Price.ToDisplayString()} ({spool.CostPerGram.Amount.ToString("0.####", CultureInfo.InvariantCulture)} {spool.Price.Currency}/g)"));
            grid.AddRow("Tare", spool.Tare is { } t ? t.ToString() : spool.ResolveTare(tares) is { } bt ? $"{bt} (brand)" : "unknown");
            grid.AddRow("Spool type", E(spool.SpoolType ?? "-"));
            grid.AddRow("Gross", spool.GrossWeight?.ToString() ?? "not weighed");
            grid.AddRow("Filament left", spool.Remaining(tares)?.ToString() ?? "-");
            grid.AddRow("Filament used", spool.UsedSinceFirstWeighing is { } used ? $"{used} since the first weighing" : "-");
            grid.AddRow("In use", spool.ActiveRunId is null ? "no" : "yes, in a run in progress");
            console.Write(grid);
            if (spool.Ledger.Count > 0)
            {
                var ledger = new Table().AddColumns("#", "When (UTC)", "What", "Gross", "Change", "Note");
                foreach (var e in spool.Ledger)
                {
                    ledger.AddRow(e.Sequence.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), E(e.Description), e.GrossAfter.ToString(), e.Delta.ToReportString(showPlus: true), E(e.Note ?? ""));
                }

                console.Write(ledger);
            }
        });
    }

    // ---- brand tares ----------------------------------------------------------------------------

    private static Command BrandTares()
    {
        var brand = new Argument<string>("brand") { Description = "The brand, e.g. \"Bambu Lab\"." };
        var tare = new Option<decimal>("--tare") { Description = "The empty-spool weight, grams.", Required = true };
        var type = new Option<string?>("--spool-type") { Description = "The spool type it applies to (else the brand's usual spool)." };
        var add = new Command("add", "Register (or replace) a brand's empty-spool weight.") { brand, tare, type };
        Cli.Run(add, async (p, s, ct) =>
        {
            var entry = new BrandTare(p.GetValue(brand)!, p.GetValue(type), Mass.FromGrams(p.GetValue(tare)));
            await s.Production.Catalog.SetBrandTareAsync(entry, ct);
            s.Emit(Shapes.BrandTare(entry), c => c.MarkupLineInterpolated($"Brand tare of {entry.Brand}{(entry.SpoolType is { } st ? " (" + st + ")" : "")}: {entry.Tare}."));
        });

        var list = new Command("list", "List the brand tares.");
        Cli.Read(list, async (_, s, ct) =>
        {
            var entries = (await s.Production.Catalog.GetBrandTaresAsync(ct)).Entries.OrderBy(e => e.Brand, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.SpoolType, StringComparer.OrdinalIgnoreCase).ToList();
            s.Emit(entries.Select(Shapes.BrandTare).ToList(), c =>
            {
                var table = new Table().AddColumns("Brand", "Spool type", "Tare");
                foreach (var e in entries)
                {
                    table.AddRow(E(e.Brand), E(e.SpoolType ?? "(usual)"), e.Tare.ToString());
                }

                c.Write(table);
            });
        });

        return new Command("brand-tare", "Empty-spool weights per brand, used when a spool's own tare is unknown.") { add, list };
    }

    // ---- products -------------------------------------------------------------------------------

    private static Command Products()
    {
        var sku = new Argument<string>("sku") { Description = "The product's SKU, e.g. STAND." };
        var name = new Option<string>("--name") { Description = "The name, e.g. \"Phone Stand\".", Required = true };
        var bom = new Option<string[]>("--bom") { Description = "A BOM line MATERIAL:GRAMS[:SUPPORT_GRAMS] per unit, e.g. \"PLA Black:45:5\"; repeat for each material (or give --from-file).", AllowMultipleArgumentsPerToken = false }.Checked(t => Args.Bom(t));
        var fromFile = new Option<string?>("--from-file") { Description = "Take the BOM grams from a slicer file (G-code, .bgcode or sliced 3MF) that prints --units of the product." };
        var units = new Option<int>("--units") { Description = "How many of the product the --from-file file prints.", DefaultValueFactory = _ => 1 };
        var plate = new Option<int?>("--plate") { Description = "The plate of a 3MF with several, from 1." };
        var material = new Option<string[]>("--material") { Description = "FILAMENT=MATERIAL for a file's filament the catalog's spools do not settle, e.g. --material 1=\"PLA Black\"; repeat for each." };
        var component = new Option<string[]>("--component") { Description = "A component NAME:COUNT:UNIT_COST, e.g. \"M3 insert:4:0.10\"; repeat for each." }.Checked(t => Args.Component(t, "USD"));
        var currency = new Option<string>("--currency") { Description = "Currency of component costs.", DefaultValueFactory = _ => "USD" };
        var minutes = new Option<decimal?>("--print-minutes") { Description = "Print time per unit, minutes." };
        var add = new Command("add", "Add a product with its bill of materials, typed (--bom) or from a slicer file (--from-file).") { sku, name, bom, fromFile, units, plate, material, component, currency, minutes };
        Cli.Run(add, async (p, s, ct) =>
        {
            var typed = p.GetValue(bom) ?? [];
            List<BomLine> lines;
            if (p.GetValue(fromFile) is { } path)
            {
                if (typed.Length > 0)
                {
                    throw new InputException("Give the BOM either with --bom or with --from-file, not both.");
                }

                var job = await SlicerFiles.ReadAsync(s, path, p.GetValue(plate), ct);
                var materials = SlicerFiles.Pairs(p.GetValue(material), "--material", "1=\"PLA Black\"", SlicerFiles.Material);
                lines = [.. SlicedJobs.ToBom(job, path, p.GetValue(units), await s.Production.Catalog.ListSpoolsAsync(ct), materials)];
                if (!s.Json)
                {
                    s.Console.MarkupLineInterpolated($"Read {SlicerFiles.Describe(job)}, for {p.GetValue(units)} units");
                }
            }
            else
            {
                lines = typed.Length > 0 ? [.. typed.Select(Args.Bom)] : throw new InputException("A product needs a bill of materials: give --bom \"PLA Black:45\" for each material, or --from-file FILE --units N.");
            }

            var parts = (p.GetValue(component) ?? []).Select(c => Args.Component(c, p.GetValue(currency)!)).ToList();
            var product = await s.Production.Catalog.AddProductAsync(p.GetValue(sku)!, p.GetValue(name)!, lines, Args.Minutes(p.GetValue(minutes), "--print-minutes"), parts, ct);
            ShowProduct(s, product, "Added");
        });

        var list = new Command("list", "List the products.");
        Cli.Read(list, async (_, s, ct) =>
        {
            var products = await s.Production.Catalog.ListProductsAsync(ct);
            s.Emit(products.Select(Shapes.Product).ToList(), c =>
            {
                var table = new Table().AddColumns("SKU", "Name", "BOM", "Per unit", "Components");
                foreach (var x in products)
                {
                    table.AddRow(E(x.Sku), E(x.Name), E(string.Join(", ", x.Bom.Select(l => $"{l.Material} {l.GramsPerUnit.ToReportString()}"))), x.GramsPerUnit.ToReportString(), E(string.Join(", ", x.Components.Select(k => $"{k.Count} x {k.Name}"))));
                }

                c.Write(table);
            });
        });

        var show = new Command("show", "Show a product.") { sku };
        Cli.Read(show, async (p, s, ct) => ShowProduct(s, await s.Production.Catalog.GetProductAsync(p.GetValue(sku)!, ct), null));

        var eName = new Option<string?>("--name") { Description = "New name." };
        var eBom = new Option<string[]>("--bom") { Description = "New BOM lines (replace all), MATERIAL:GRAMS[:SUPPORT_GRAMS]." }.Checked(t => Args.Bom(t));
        var noComponents = new Option<bool>("--no-components") { Description = "Remove every component." };
        var edit = new Command("edit", "Change a product: name, BOM (all lines), components (all), print time.") { sku, eName, eBom, component, noComponents, currency, minutes };
        Cli.Run(edit, async (p, s, ct) =>
        {
            var lines = p.GetValue(eBom) is { Length: > 0 } b ? b.Select(Args.Bom).ToList() : null;
            var parts = p.GetValue(noComponents) ? [] : p.GetValue(component) is { Length: > 0 } c ? c.Select(x => Args.Component(x, p.GetValue(currency)!)).ToList() : null;
            var time = Args.Minutes(p.GetValue(minutes), "--print-minutes");
            var product = await s.Production.Catalog.EditProductAsync(p.GetValue(sku)!, new ProductEdit(p.GetValue(eName), lines, time, parts), ct);
            ShowProduct(s, product, "Changed");
        });

        return new Command("product", "Products and their bills of materials.") { add, list, show, edit };
    }

    private static void ShowProduct(Session s, Product product, string? verb) => s.Emit(Shapes.Product(product), c =>
    {
        if (verb is not null)
        {
            c.MarkupLineInterpolated($"{verb} product [bold]{product.Sku}[/].");
        }

        c.MarkupLineInterpolated($"{product.Sku}: {product.Name}, {product.GramsPerUnit.ToReportString()} per unit{(product.PrintTimePerUnit is { } t ? $", {t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min per unit" : "")}");
        var table = new Table().AddColumns("Material", "g per unit", "of which supports");
        foreach (var line in product.Bom)
        {
            table.AddRow(E(line.Material.ToString()), line.GramsPerUnit.ToReportString(), line.SupportGramsPerUnit.ToReportString());
        }

        c.Write(table);
        if (product.Components.Count > 0)
        {
            var parts = new Table().AddColumns("Component", "Count", "Unit cost");
            foreach (var k in product.Components)
            {
                parts.AddRow(E(k.Name), k.Count.ToString(CultureInfo.InvariantCulture), E(k.UnitCost.ToDisplayString()));
            }

            c.Write(parts);
        }
    });

    // ---- printers -------------------------------------------------------------------------------

    private static Command Printers()
    {
        var name = new Argument<string>("name") { Description = "The printer's name, e.g. P1S-1." };
        var model = new Option<string>("--model") { Description = "The model, e.g. \"Bambu P1S\".", Required = true };
        var slots = new Option<int>("--slots") { Description = "Material slots (spools it can feed at once).", DefaultValueFactory = _ => 1 };
        var add = new Command("add", "Add a printer.") { name, model, slots };
        Cli.Run(add, async (p, s, ct) => ShowPrinter(s, await s.Production.Catalog.AddPrinterAsync(p.GetValue(name)!, p.GetValue(model)!, p.GetValue(slots), ct), "Added"));

        var list = new Command("list", "List the printers.");
        Cli.Read(list, async (_, s, ct) =>
        {
            var printers = await s.Production.Catalog.ListPrintersAsync(ct);
            s.Emit(printers.Select(Shapes.Printer).ToList(), c =>
            {
                var table = new Table().AddColumns("Printer", "Model", "Slots");
                foreach (var x in printers)
                {
                    table.AddRow(E(x.Name), E(x.Model), x.MaterialSlots.ToString(CultureInfo.InvariantCulture));
                }

                c.Write(table);
            });
        });

        var show = new Command("show", "Show a printer.") { name };
        Cli.Read(show, async (p, s, ct) => ShowPrinter(s, await s.Production.Catalog.GetPrinterAsync(p.GetValue(name)!, ct), null));

        var eModel = new Option<string?>("--model") { Description = "New model." };
        var eSlots = new Option<int?>("--slots") { Description = "New number of material slots." };
        var edit = new Command("edit", "Change a printer's model or slots.") { name, eModel, eSlots };
        Cli.Run(edit, async (p, s, ct) =>
            ShowPrinter(s, await s.Production.Catalog.EditPrinterAsync(p.GetValue(name)!, new PrinterEdit(p.GetValue(eModel), p.GetValue(eSlots)), ct), "Changed"));

        return new Command("printer", "Printers of the farm.") { add, list, show, edit };
    }

    private static void ShowPrinter(Session s, Printer printer, string? verb) => s.Emit(Shapes.Printer(printer), c =>
        c.MarkupLineInterpolated($"{(verb is null ? "" : verb + " printer ")}[bold]{printer.Name}[/]: {printer.Model}, {Reporting.ReportRenderer.Count(printer.MaterialSlots, "material slot")}."));

    private static string E(string text) => Markup.Escape(text);
}
