namespace Mercato.Server.ReferenceData;

internal static partial class BuiltInProducts
{
    private sealed record Kind(string[] Path, string Noun, string[] Variants, string[] Sizes, int[] Packs, long MinPence, long MaxPence);

    private static Kind K(string path, string noun, string variants, string sizes, int[] packs, long minPence, long maxPence) =>
        new(path.Split(" > "), noun, variants.Split('|'), sizes.Split('|'), packs, minPence, maxPence);

    private static Kind[] Kinds() =>
    [
        K("Office Supplies > Paper > Copy Paper", "Copy Paper", "Recycled|Bright White|Premium|Everyday", "A4 80gsm, 500 Sheets|A4 100gsm, 500 Sheets|A3 80gsm, 500 Sheets", [1, 5], 399, 899),
        K("Office Supplies > Writing > Ballpoint Pens", "Ballpoint Pens", "Smooth-Flow|Retractable|Fine Point|Medium Point", "Black|Blue|Assorted Colours", [10, 12, 50], 25, 120),
        K("Office Supplies > Filing > Lever Arch Files", "Lever Arch Files", "Polypropylene|Board|Recycled", "A4 75 mm Spine|A4 50 mm Spine", [5, 10], 150, 450),
        K("Office Supplies > Desk Accessories > Sticky Notes", "Sticky Notes", "Pastel|Neon|Recycled", "76 x 76 mm|38 x 51 mm|76 x 127 mm", [6, 12, 24], 60, 180),
        K("Office Supplies > Mailing > Padded Envelopes", "Padded Envelopes", "Bubble-Lined|Kraft|White", "C4|C5|DL", [50, 100], 12, 45),
        K("Office Supplies > Notebooks > Notebooks", "Notebooks", "Hardback Ruled|Spiral Squared|Dotted|Soft-Cover Plain", "A5|A4|Pocket", [1, 5, 10], 150, 1200),
        K("Kitchen & Catering > Tableware > Dinner Plates", "Dinner Plates", "Stoneware|Porcelain|Melamine|Enamel", "27 cm|23 cm", [6, 12, 24], 180, 900),
        K("Kitchen & Catering > Drinkware > Tumblers", "Tumblers", "Toughened Glass|Stackable|Stainless Steel", "300 ml|450 ml", [6, 12, 24], 90, 500),
        K("Kitchen & Catering > Disposables > Paper Cups", "Paper Cups", "Double-Wall|Compostable|Single-Wall", "8 oz|12 oz|16 oz", [500, 1000], 3, 12),
        K("Kitchen & Catering > Cookware > Saucepans", "Saucepan", "Stainless Steel|Non-Stick|Cast Aluminium|Copper-Base", "16 cm|20 cm|24 cm", [1, 2, 4], 1200, 6500),
        K("Kitchen & Catering > Utensils > Chef's Knives", "Chef's Knife", "Forged|Stamped Steel|Ceramic", "20 cm|15 cm", [1, 6], 900, 7500),
        K("Kitchen & Catering > Storage > Food Containers", "Food Containers", "Airtight|Glass|Freezer-Safe", "500 ml|1 L|2 L", [6, 12], 120, 650),
        K("Cleaning & Janitorial > Paper > Paper Towel Rolls", "Paper Towel Rolls", "2-Ply|Centrefeed|Industrial", "150 m|300 m", [6, 12], 180, 600),
        K("Cleaning & Janitorial > Chemicals > Multi-Surface Cleaner", "Multi-Surface Cleaner", "Citrus|Unscented|Eco|Antibacterial", "750 ml|5 L", [2, 6, 12], 150, 1400),
        K("Cleaning & Janitorial > Waste > Bin Liners", "Bin Liners", "Heavy Duty|Compostable|Clear", "30 L|60 L|120 L", [100, 200], 4, 20),
        K("Cleaning & Janitorial > Protective Wear > Nitrile Gloves", "Nitrile Gloves", "Powder-Free|Extra Thick|Food-Safe", "Small|Medium|Large", [100, 1000], 4, 12),
        K("Cleaning & Janitorial > Equipment > Mop Buckets", "Mop Bucket", "Wringer|Colour-Coded|Heavy Duty", "15 L|20 L", [1, 2], 1500, 4500),
        K("Hardware & Tools > Fixings > Wood Screws", "Wood Screws", "Zinc-Plated|Stainless Steel|Countersunk", "4 x 40 mm|5 x 60 mm|3.5 x 30 mm", [200, 500], 2, 8),
        K("Hardware & Tools > Hand Tools > Claw Hammers", "Claw Hammer", "Fibreglass|Steel Shaft|Hickory Handle", "16 oz|20 oz", [1, 6], 800, 2800),
        K("Hardware & Tools > Hand Tools > Screwdriver Sets", "Screwdriver Set", "Precision|Insulated|Magnetic", "6-Piece|12-Piece", [1, 4], 900, 3500),
        K("Hardware & Tools > Power Tool Accessories > Drill Bit Sets", "Drill Bit Set", "HSS|Masonry|Titanium-Coated", "13-Piece|25-Piece", [1, 5], 700, 3200),
        K("Hardware & Tools > Tapes & Adhesives > Duct Tape", "Duct Tape", "Silver|Black|Waterproof", "48 mm x 50 m|50 mm x 25 m", [6, 24], 250, 750),
        K("Hardware & Tools > Safety > Safety Glasses", "Safety Glasses", "Anti-Fog|Clear Lens|Tinted", "One Size", [10, 12], 150, 600),
        K("Hardware & Tools > Storage > Tool Boxes", "Tool Box", "Cantilever|Rolling|Organiser", "16 in|22 in", [1, 3], 1500, 6000),
        K("Electrical > Lighting > LED Bulbs", "LED Bulbs", "Warm White|Cool White|Dimmable", "E27 9 W|GU10 5 W|B22 8 W", [4, 10, 20], 150, 500),
        K("Electrical > Power > Extension Leads", "Extension Lead", "4-Way Surge-Protected|6-Way|2-Way", "2 m|5 m", [1, 6], 700, 2500),
        K("Electrical > Batteries > Batteries", "Batteries", "Alkaline|Rechargeable NiMH|Lithium", "AA|AAA|9 V", [4, 24, 48], 40, 400),
        K("Electrical > Cables > Charging Cables", "USB-C Charging Cables", "Braided|Fast-Charge|Right-Angle", "1 m|2 m", [3, 10], 250, 900),
        K("Garden & Outdoor > Planters > Plant Pots", "Plant Pots", "Terracotta|Recycled Plastic|Glazed Ceramic", "12 cm|20 cm|30 cm", [6, 12, 24], 90, 1500),
        K("Garden & Outdoor > Watering > Garden Hoses", "Garden Hose", "Anti-Kink|Expandable|Reinforced", "15 m|30 m", [1, 4], 1200, 4500),
        K("Garden & Outdoor > Garden Tools > Pruning Shears", "Pruning Shears", "Bypass|Anvil|Ratchet", "20 cm", [1, 6], 700, 3000),
        K("Garden & Outdoor > Seeds > Vegetable Seed Collections", "Vegetable Seed Collection", "Heirloom|Organic|Quick-Harvest", "10 Varieties|20 Varieties", [1, 10], 400, 1500),
        K("Toys & Games > Building > Wooden Building Blocks", "Wooden Building Blocks", "Natural|Rainbow|Stacking", "50 Pieces|100 Pieces", [1, 4], 1000, 3500),
        K("Toys & Games > Puzzles > Jigsaw Puzzles", "Jigsaw Puzzle", "Landscape|World Map|Wildlife|Harbour Scene", "500 Pieces|1000 Pieces", [1, 6], 700, 2200),
        K("Toys & Games > Arts & Crafts > Colouring Pencils", "Colouring Pencils", "Watercolour|Soft-Core|Triangular", "12 Colours|24 Colours|36 Colours", [1, 12], 250, 1500),
        K("Toys & Games > Outdoor Play > Skipping Ropes", "Skipping Rope", "Adjustable|Beaded|Speed", "2.5 m", [1, 10], 250, 900),
        K("Health & Beauty > Hand Care > Hand Soap", "Hand Soap", "Aloe|Lavender|Fragrance-Free", "500 ml|5 L", [2, 6], 150, 1200),
        K("Health & Beauty > First Aid > First Aid Kits", "First Aid Kit", "Workplace|Travel|Vehicle", "Small|Medium|Large", [1, 5], 600, 4000),
        K("Health & Beauty > Hair Care > Shampoo", "Shampoo", "Argan Oil|Tea Tree|Gentle", "250 ml|1 L", [6, 12], 200, 900),
        K("Packaging & Shipping > Boxes > Cardboard Boxes", "Cardboard Boxes", "Single-Wall|Double-Wall|Postal", "305 x 229 x 152 mm|457 x 305 x 305 mm", [10, 25, 50], 40, 250),
        K("Packaging & Shipping > Tape > Packing Tape", "Packing Tape", "Clear|Brown|Low-Noise", "48 mm x 66 m", [6, 36], 90, 300),
        K("Packaging & Shipping > Protective Packaging > Bubble Wrap", "Bubble Wrap Roll", "Small Bubble|Large Bubble|Anti-Static", "500 mm x 50 m|750 mm x 100 m", [1, 4], 900, 3500),
        K("Pet Supplies > Dogs > Dog Leads", "Dog Lead", "Reflective|Leather|Nylon", "1.2 m|1.8 m", [1, 6], 500, 2500),
        K("Pet Supplies > Cats > Cat Litter", "Cat Litter", "Clumping|Wood Pellet|Silica", "10 L|20 L", [1, 4], 500, 1800),
        K("Pet Supplies > Bowls > Pet Bowls", "Pet Bowl", "Stainless Steel|Ceramic|Non-Slip", "500 ml|1.5 L", [1, 6], 300, 1500),
    ];
}
