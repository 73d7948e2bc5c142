using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Hosting.Printers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Batchivo.Samples.Web.Api;

/// <summary>Spools (with their ledger), brand tares, products with BOMs, printers.</summary>
internal static class CatalogApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var printers = api.MapGroup("/printers").WithTags("Printers");
        printers.MapGet("/", ListPrintersAsync).WithName("ListPrinters");
        printers.MapGet("/{name}", GetPrinterAsync).WithName("GetPrinter").ProducesProblem(StatusCodes.Status404NotFound);
        printers.MapPost("/", AddPrinterAsync).WithName("AddPrinter").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        printers.MapPatch("/{name}", async (CatalogService c, string name, PrinterEditRequest r, CancellationToken ct) =>
            TypedResults.Ok(Shapes.Printer(await c.EditPrinterAsync(name, new PrinterEdit(r.Model, r.MaterialSlots), ct))))
            .WithName("EditPrinter").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/printer-connections", (PrinterTracker tracker) => TypedResults.Ok(tracker.States.Select(Connection).ToList()))
            .WithTags("Printers").WithName("ListPrinterConnections")
            .WithSummary("The printers with a connection: whether they are watched, what they print, and the run that follows their job.");

        var spools = api.MapGroup("/spools").WithTags("Spools");
        spools.MapGet("/", ListSpoolsAsync).WithName("ListSpools");
        spools.MapGet("/{code}", GetSpoolAsync).WithName("GetSpool").ProducesProblem(StatusCodes.Status404NotFound);
        spools.MapPost("/", AddSpoolAsync).WithName("AddSpool").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        var spool = spools.MapGroup("/{code}").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        spool.MapPatch("/", (CatalogService c, HttpContext http, string code, SpoolEditRequest r, CancellationToken ct) =>
            SpoolAsync(c, http, c.EditSpoolAsync(At(http, code), new SpoolEdit(r.Material is { } m ? MaterialSpec.Parse(m) : null, r.Brand, r.ColourHex, Grams(r.NetGrams), r.Price, r.Currency, Grams(r.TareGrams), r.SpoolType), ct), ct))
            .WithName("EditSpool");
        spool.MapPost("/weighings", (CatalogService c, HttpContext http, string code, SpoolWeighingRequest r, CancellationToken ct) =>
            SpoolAsync(c, http, c.WeighSpoolAsync(At(http, code), Mass.FromGrams(r.Grams), r.Note, ct), ct)).WithName("WeighSpool");
        spool.MapPost("/adjustments", (CatalogService c, HttpContext http, string code, SpoolAdjustmentRequest r, CancellationToken ct) =>
            SpoolAsync(c, http, c.AdjustSpoolAsync(At(http, code), Mass.FromGrams(r.Grams), r.Reason, ct), ct)).WithName("AdjustSpool");

        var tares = api.MapGroup("/brand-tares").WithTags("Brand tares");
        tares.MapGet("/", ListBrandTaresAsync).WithName("ListBrandTares");
        tares.MapPut("/{brand}", SetBrandTareAsync).WithName("SetBrandTare").ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var products = api.MapGroup("/products").WithTags("Products");
        products.MapGet("/", ListProductsAsync).WithName("ListProducts");
        products.MapGet("/{sku}", GetProductAsync).WithName("GetProduct").ProducesProblem(StatusCodes.Status404NotFound);
        products.MapPost("/", AddProductAsync).WithName("AddProduct").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        products.MapPatch("/{sku}", async (CatalogService c, string sku, ProductEditRequest r, CancellationToken ct) =>
            TypedResults.Ok(Shapes.Product(await c.EditProductAsync(sku, new ProductEdit(r.Name, r.Bom is { } bom ? [.. bom.Select(Line)] : null, Minutes(r.PrintMinutesPerUnit)), ct))))
            .WithName("EditProduct").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>A printer connection's state as the tracker knows it (never a setting's value).</summary>
    internal static PrinterConnectionJson Connection(PrinterWatchState s) => new(
        s.Printer, s.Connector, s.Link.ToString().ToLowerInvariant(), s.Status?.Activity.ToString().ToLowerInvariant(),
        s.LastEvent?.FileName ?? s.Status?.Job?.FileName, s.LastEvent?.JobId ?? s.Status?.Job?.JobId, s.RunNumber, s.LastDecision, s.LastError);

    private static async Task<Ok<PageJson<PrinterJson>>> ListPrintersAsync(CatalogService catalog, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(Paging.Page((await catalog.ListPrintersAsync(ct)).Select(Shapes.Printer), page, pageSize));

    private static async Task<Ok<PrinterJson>> GetPrinterAsync(CatalogService catalog, string name, CancellationToken ct) =>
        TypedResults.Ok(Shapes.Printer(await catalog.GetPrinterAsync(name, ct)));

    private static async Task<Created<PrinterJson>> AddPrinterAsync(CatalogService catalog, NewPrinterRequest request, CancellationToken ct)
    {
        var printer = await catalog.AddPrinterAsync(request.Name, request.Model, request.MaterialSlots, ct);
        return TypedResults.Created($"/api/printers/{Uri.EscapeDataString(printer.Name)}", Shapes.Printer(printer));
    }

    private static async Task<Ok<PageJson<SpoolJson>>> ListSpoolsAsync(CatalogService catalog, int? page, int? pageSize, CancellationToken ct)
    {
        var tares = await catalog.GetBrandTaresAsync(ct);
        return TypedResults.Ok(Paging.Page((await catalog.ListSpoolsAsync(ct)).Select(s => Shapes.Spool(s, tares)), page, pageSize));
    }

    private static async Task<Ok<SpoolJson>> GetSpoolAsync(CatalogService catalog, HttpContext http, string code, CancellationToken ct)
    {
        var spool = await catalog.GetSpoolAsync(code, ct);
        ETags.Set(http, spool.Version);
        return TypedResults.Ok(Shapes.Spool(spool, await catalog.GetBrandTaresAsync(ct)));
    }

    private static async Task<Created<SpoolJson>> AddSpoolAsync(CatalogService catalog, HttpContext http, NewSpoolRequest request, CancellationToken ct)
    {
        var material = new Material(MaterialSpec.Parse(request.Material), request.Brand, request.ColourHex);
        var spool = await catalog.AddSpoolAsync(
            new NewSpool(request.Code, material, Mass.FromGrams(request.NetGrams), new Money(request.Price, request.Currency), Grams(request.TareGrams), request.SpoolType, Grams(request.GrossGrams)),
            ct);
        ETags.Set(http, spool.Version);
        return TypedResults.Created($"/api/spools/{Uri.EscapeDataString(spool.Code)}", Shapes.Spool(spool, await catalog.GetBrandTaresAsync(ct)));
    }

    private static async Task<Ok<IReadOnlyList<BrandTareJson>>> ListBrandTaresAsync(CatalogService catalog, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<BrandTareJson>>([.. (await catalog.GetBrandTaresAsync(ct)).Entries.Select(Shapes.BrandTare)]);

    private static async Task<Ok<BrandTareJson>> SetBrandTareAsync(CatalogService catalog, string brand, BrandTareRequest request, CancellationToken ct)
    {
        var tare = new BrandTare(brand, request.SpoolType, Mass.FromGrams(request.TareGrams));
        await catalog.SetBrandTareAsync(tare, ct);
        return TypedResults.Ok(Shapes.BrandTare(tare));
    }

    private static async Task<Ok<PageJson<ProductJson>>> ListProductsAsync(CatalogService catalog, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(Paging.Page((await catalog.ListProductsAsync(ct)).Select(Shapes.Product), page, pageSize));

    private static async Task<Ok<ProductJson>> GetProductAsync(CatalogService catalog, string sku, CancellationToken ct) =>
        TypedResults.Ok(Shapes.Product(await catalog.GetProductAsync(sku, ct)));

    private static async Task<Created<ProductJson>> AddProductAsync(CatalogService catalog, NewProductRequest request, CancellationToken ct)
    {
        var product = await catalog.AddProductAsync(request.Sku, request.Name, request.Bom.Select(Line), Minutes(request.PrintMinutesPerUnit), null, ct);
        return TypedResults.Created($"/api/products/{Uri.EscapeDataString(product.Sku)}", Shapes.Product(product));
    }

    private static async Task<Ok<SpoolJson>> SpoolAsync(CatalogService catalog, HttpContext http, Task<Spool> change, CancellationToken ct)
    {
        var spool = await change;
        ETags.Set(http, spool.Version);
        return TypedResults.Ok(Shapes.Spool(spool, await catalog.GetBrandTaresAsync(ct)));
    }

    // The spool at the version If-Match names, if any: a stale one is refused (412) with nothing stored.
    private static SpoolRef At(HttpContext http, string code) => new(code, ETags.ExpectedVersion(http));

    private static BomLine Line(BomLineRequest l) => new(MaterialSpec.Parse(l.Material), Mass.FromGrams(l.GramsPerUnit), Mass.FromGrams(l.SupportGramsPerUnit));

    private static TimeSpan? Minutes(decimal? minutes) => minutes is { } m ? TimeSpan.FromMinutes((double)m) : null;

    private static Mass? Grams(decimal? grams) => grams is { } g ? Mass.FromGrams(g) : null;
}

/// <summary>A printer connection: whether the tracker watches it (connecting, watching, reconnecting, stopped), the printer's activity when last connected, the last job seen and the run that follows it, the last decision and the last connection error.</summary>
public sealed record PrinterConnectionJson(string Printer, string Connector, string Link, string? Activity, string? File, string? JobId, int? Run, string? LastDecision, string? LastError);
