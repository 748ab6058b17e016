/**
 * The Zoho Inventory item catalog as the Zoho stand-in serves it and the DB seed loads it, so both
 * describe the same products: the demo catalog (data/demo-catalog.json) converted to Zoho's wire
 * shape, and a deterministic synthetic office-furniture catalog of any size for benchmarks.
 */

import { fnv1a } from "./hash";

/** A Zoho Inventory item as `GET /inventory/v1/items` returns it (the fields we use). */
export interface ZohoItem {
  item_id: string;
  name: string;
  sku: string;
  rate: number;
  description: string;
  status: "active" | "inactive";
  unit?: string;
  category_id?: string;
  category_name?: string;
  stock_on_hand: number;
  available_stock: number;
  actual_available_stock: number;
  image_name: string;
  created_time: string;
  last_modified_time: string;
  custom_fields: ZohoCustomField[];
}

export interface ZohoCustomField {
  customfield_id: string;
  label: string;
  api_name: string;
  value: string;
}

/** An entry of data/demo-catalog.json (structural, so this module does not depend on scripts/). */
export interface DemoCatalogItem {
  sku: string;
  name_en: string;
  name_ar: string;
  description_en: string;
  description_ar: string;
  category: string;
  price_aed: number;
  stock: number;
  attributes: Record<string, string>;
}

/** Formats a date as Zoho does: `2026-01-01T08:00:00+0000` (UTC). */
export function zohoTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+0000`;
}

/**
 * Parses a Zoho time (`2026-01-01T08:00:00+0000`, any `+hhmm`/`-hhmm` offset) or a plain ISO string
 * into epoch ms; NaN when the text is neither.
 */
export function parseZohoTime(text: string): number {
  const zoho = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-])(\d{2})(\d{2})$/.exec(text.trim());
  if (zoho) return Date.parse(`${zoho[1]}${zoho[2]}${zoho[3]}:${zoho[4]}`);
  return /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? Date.parse(text) : Number.NaN;
}

const DEMO_EPOCH = Date.UTC(2026, 0, 1, 8, 0, 0);
const SYNTHETIC_EPOCH = Date.UTC(2025, 5, 1, 8, 0, 0);


/** The Zoho category id for a category name (stable across runs and between both catalogs). */
export function zohoCategoryId(category: string): string {
  return `48150001${String(fnv1a(`category:${category}`) % 100_000_000).padStart(8, "0")}`;
}

/** A custom field as Zoho sends it; the id is that of the field definition, so it depends on api_name only. */
function customField(apiName: string, label: string, value: string): ZohoCustomField {
  return { customfield_id: `48150002${String(fnv1a(`field:${apiName}`) % 100_000_000).padStart(8, "0")}`, label, api_name: apiName, value };
}

/** Converts a demo-catalog entry to a Zoho item; the same input and index always give the same item. */
export function demoItemToZohoItem(item: DemoCatalogItem, index: number): ZohoItem {
  const time = zohoTime(new Date(DEMO_EPOCH + index * 1000));
  return {
    item_id: `4815000000${String(index + 1).padStart(6, "0")}`,
    name: item.name_en,
    sku: item.sku,
    rate: item.price_aed,
    description: item.description_en,
    status: "active",
    unit: "pcs",
    category_id: zohoCategoryId(item.category),
    category_name: item.category,
    stock_on_hand: item.stock,
    available_stock: item.stock,
    actual_available_stock: item.stock,
    image_name: `${item.sku}.jpg`,
    created_time: time,
    last_modified_time: time,
    custom_fields: [
      customField("cf_name_ar", "Name (Arabic)", item.name_ar),
      customField("cf_description_ar", "Description (Arabic)", item.description_ar),
      ...Object.entries(item.attributes).map(([key, value]) => customField(`cf_${key}`, key, value)),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Synthetic catalog

/** A word in both languages; `ar` of a colour is the indefinite adjective, `arDef` the definite one. */
interface Word {
  en: string;
  ar: string;
}
interface Colour extends Word {
  arDef: string;
}
interface ProductType extends Word {
  category: string;
  code: string;
  /** Grammatical gender of the Arabic noun, for agreeing participles. */
  feminine?: boolean;
  price: [number, number];
  materials: Word[];
  sizes: (Word & { attribute: string; value: string })[];
}

const M = {
  mesh: { en: "Mesh", ar: "شبك" },
  leather: { en: "Leather", ar: "جلد طبيعي" },
  pu: { en: "PU Leather", ar: "جلد صناعي" },
  fabric: { en: "Fabric", ar: "قماش" },
  velvet: { en: "Velvet", ar: "مخمل" },
  oak: { en: "Oak", ar: "خشب البلوط" },
  walnut: { en: "Walnut", ar: "خشب الجوز" },
  laminate: { en: "Laminate", ar: "لامينيت" },
  melamine: { en: "Melamine", ar: "ميلامين" },
  steel: { en: "Steel", ar: "فولاذ" },
  aluminium: { en: "Aluminium", ar: "ألمنيوم" },
  glass: { en: "Glass", ar: "زجاج مقسّى" },
  felt: { en: "Felt", ar: "لباد" },
  plastic: { en: "Polypropylene", ar: "بولي بروبيلين" },
  bamboo: { en: "Bamboo", ar: "خيزران" },
} satisfies Record<string, Word>;

const seatMaterials = [M.mesh, M.leather, M.pu, M.fabric];
const softMaterials = [M.fabric, M.velvet, M.leather, M.pu];
const topMaterials = [M.oak, M.walnut, M.laminate, M.melamine, M.glass, M.bamboo];
const caseMaterials = [M.steel, M.laminate, M.melamine, M.oak, M.walnut];
const boothMaterials = [M.felt, M.fabric, M.glass, M.aluminium];
const accessoryMaterials = [M.aluminium, M.steel, M.plastic, M.bamboo, M.felt];

const size = (en: string, ar: string, attribute: string, value: string) => ({ en, ar, attribute, value });
const deskSizes = [
  size("120 × 60 cm", "120 × 60 سم", "dimensions_cm", "120x60"),
  size("140 × 70 cm", "140 × 70 سم", "dimensions_cm", "140x70"),
  size("160 × 80 cm", "160 × 80 سم", "dimensions_cm", "160x80"),
  size("180 × 90 cm", "180 × 90 سم", "dimensions_cm", "180x90"),
];
const tableSizes = [
  size("4-Seater", "لأربعة أشخاص", "seats", "4"),
  size("6-Seater", "لستة أشخاص", "seats", "6"),
  size("8-Seater", "لثمانية أشخاص", "seats", "8"),
  size("10-Seater", "لعشرة أشخاص", "seats", "10"),
  size("12-Seater", "لاثني عشر شخصاً", "seats", "12"),
];
const chairBacks = [
  size("High-Back", "بظهر عالٍ", "back", "high"),
  size("Mid-Back", "بظهر متوسط", "back", "mid"),
  size("Low-Back", "بظهر منخفض", "back", "low"),
];
const stationSizes = [
  size("2-Person", "لشخصين", "seats", "2"),
  size("4-Person", "لأربعة أشخاص", "seats", "4"),
  size("6-Person", "لستة أشخاص", "seats", "6"),
  size("8-Person", "لثمانية أشخاص", "seats", "8"),
];
const drawers = [
  size("2-Drawer", "بدرجين", "drawers", "2"),
  size("3-Drawer", "بثلاثة أدراج", "drawers", "3"),
  size("4-Drawer", "بأربعة أدراج", "drawers", "4"),
];
const doors = [
  size("2-Door", "ببابين", "doors", "2"),
  size("4-Door", "بأربعة أبواب", "doors", "4"),
  size("6-Door", "بستة أبواب", "doors", "6"),
  size("9-Door", "بتسعة أبواب", "doors", "9"),
];
const heights = [
  size("Low", "منخفض", "height", "low"),
  size("Medium", "متوسط الارتفاع", "height", "medium"),
  size("Tall", "مرتفع", "height", "tall"),
];
const seats = [
  size("2-Seater", "بمقعدين", "seats", "2"),
  size("3-Seater", "بثلاثة مقاعد", "seats", "3"),
  size("Corner", "زاوية", "layout", "corner"),
];
const boothSizes = [
  size("1-Person", "لشخص واحد", "capacity", "1"),
  size("2-Person", "لشخصين", "capacity", "2"),
  size("4-Person", "لأربعة أشخاص", "capacity", "4"),
];
const none = [size("", "", "", "")];

const TYPES: ProductType[] = [
  { en: "Ergonomic Chair", ar: "كرسي مريح", category: "chairs", code: "CH", price: [600, 3800], materials: seatMaterials, sizes: chairBacks },
  { en: "Task Chair", ar: "كرسي عمل", category: "chairs", code: "CH", price: [350, 1600], materials: seatMaterials, sizes: chairBacks },
  { en: "Executive Chair", ar: "كرسي تنفيذي", category: "chairs", code: "CH", price: [1200, 6500], materials: [M.leather, M.pu, M.fabric], sizes: chairBacks },
  { en: "Visitor Chair", ar: "كرسي زوار", category: "chairs", code: "CH", price: [250, 1200], materials: seatMaterials, sizes: none },
  { en: "Stacking Chair", ar: "كرسي قابل للتكديس", category: "chairs", code: "CH", price: [150, 650], materials: [M.plastic, M.fabric, M.steel], sizes: none },
  { en: "Conference Chair", ar: "كرسي اجتماعات", category: "chairs", code: "CH", price: [450, 2400], materials: seatMaterials, sizes: chairBacks },
  { en: "Drafting Stool", ar: "كرسي مرتفع", category: "chairs", code: "CH", price: [300, 1400], materials: [M.mesh, M.fabric, M.pu], sizes: none },
  { en: "Lounge Chair", ar: "كرسي استرخاء", category: "chairs", code: "CH", price: [900, 5200], materials: softMaterials, sizes: none },
  { en: "Office Desk", ar: "مكتب", category: "desks", code: "DK", price: [450, 2600], materials: topMaterials, sizes: deskSizes },
  { en: "Height-Adjustable Desk", ar: "مكتب قابل لتعديل الارتفاع", category: "desks", code: "DK", price: [1400, 5200], materials: topMaterials, sizes: deskSizes },
  { en: "Executive Desk", ar: "مكتب تنفيذي", category: "desks", code: "DK", price: [2500, 14_000], materials: [M.oak, M.walnut, M.glass], sizes: deskSizes },
  { en: "L-Shaped Desk", ar: "مكتب على شكل حرف L", category: "desks", code: "DK", price: [900, 4200], materials: topMaterials, sizes: deskSizes },
  { en: "Writing Desk", ar: "مكتب كتابة", category: "desks", code: "DK", price: [400, 1800], materials: topMaterials, sizes: deskSizes },
  { en: "Cluster Workstation", ar: "محطة عمل جماعية", feminine: true, category: "workstations", code: "WS", price: [3500, 18_000], materials: [M.laminate, M.melamine, M.oak], sizes: stationSizes },
  { en: "Bench Workstation", ar: "محطة عمل طولية", feminine: true, category: "workstations", code: "WS", price: [2800, 15_000], materials: [M.laminate, M.melamine, M.oak], sizes: stationSizes },
  { en: "Call-Centre Workstation", ar: "محطة عمل لمركز الاتصال", feminine: true, category: "workstations", code: "WS", price: [2200, 12_000], materials: [M.laminate, M.melamine], sizes: stationSizes },
  { en: "Meeting Table", ar: "طاولة اجتماعات", feminine: true, category: "meeting-tables", code: "MT", price: [1200, 7500], materials: topMaterials, sizes: tableSizes },
  { en: "Boardroom Table", ar: "طاولة مجلس إدارة", feminine: true, category: "meeting-tables", code: "MT", price: [4500, 20_000], materials: [M.oak, M.walnut, M.glass], sizes: tableSizes },
  { en: "Round Table", ar: "طاولة مستديرة", feminine: true, category: "meeting-tables", code: "MT", price: [700, 3200], materials: topMaterials, sizes: tableSizes.slice(0, 2) },
  { en: "Training Table", ar: "طاولة تدريب", feminine: true, category: "meeting-tables", code: "MT", price: [600, 2400], materials: [M.laminate, M.melamine], sizes: deskSizes },
  { en: "Folding Table", ar: "طاولة قابلة للطي", feminine: true, category: "meeting-tables", code: "MT", price: [400, 1600], materials: [M.laminate, M.plastic], sizes: deskSizes },
  { en: "Filing Cabinet", ar: "خزانة ملفات", feminine: true, category: "storage", code: "ST", price: [600, 2600], materials: caseMaterials, sizes: drawers },
  { en: "Mobile Pedestal", ar: "وحدة أدراج متحركة", feminine: true, category: "storage", code: "ST", price: [450, 1500], materials: caseMaterials, sizes: drawers },
  { en: "Bookcase", ar: "مكتبة كتب", feminine: true, category: "storage", code: "ST", price: [500, 2800], materials: caseMaterials, sizes: heights },
  { en: "Locker", ar: "خزانة شخصية", feminine: true, category: "storage", code: "ST", price: [900, 5200], materials: [M.steel, M.laminate], sizes: doors },
  { en: "Shelving Unit", ar: "وحدة رفوف", feminine: true, category: "storage", code: "ST", price: [400, 2200], materials: caseMaterials, sizes: heights },
  { en: "Tambour Cabinet", ar: "خزانة بباب منزلق", feminine: true, category: "storage", code: "ST", price: [1100, 3600], materials: caseMaterials, sizes: heights },
  { en: "Credenza", ar: "خزانة جانبية", feminine: true, category: "storage", code: "ST", price: [1500, 6800], materials: [M.oak, M.walnut, M.laminate], sizes: doors.slice(0, 2) },
  { en: "Reception Desk", ar: "مكتب استقبال", category: "reception", code: "RC", price: [3500, 19_500], materials: [M.oak, M.walnut, M.laminate, M.glass], sizes: deskSizes.slice(2) },
  { en: "Reception Counter", ar: "كاونتر استقبال", category: "reception", code: "RC", price: [4200, 20_000], materials: [M.oak, M.walnut, M.laminate], sizes: none },
  { en: "Waiting Bench", ar: "مقعد انتظار", category: "reception", code: "RC", price: [900, 4800], materials: [M.steel, M.fabric, M.pu], sizes: seats.slice(0, 2) },
  { en: "Sofa", ar: "أريكة", feminine: true, category: "sofas", code: "SF", price: [2200, 12_000], materials: softMaterials, sizes: seats },
  { en: "Modular Sofa", ar: "أريكة معيارية", feminine: true, category: "sofas", code: "SF", price: [3800, 17_500], materials: softMaterials, sizes: seats },
  { en: "Chesterfield Sofa", ar: "أريكة تشسترفيلد", feminine: true, category: "sofas", code: "SF", price: [5200, 16_000], materials: [M.leather, M.velvet], sizes: seats.slice(0, 2) },
  { en: "Ottoman", ar: "مقعد بوف", category: "sofas", code: "SF", price: [350, 1800], materials: softMaterials, sizes: none },
  { en: "Phone Booth", ar: "كابينة هاتف", feminine: true, category: "acoustic-booths", code: "AB", price: [8500, 19_000], materials: boothMaterials, sizes: boothSizes.slice(0, 1) },
  { en: "Focus Pod", ar: "كبسولة تركيز", feminine: true, category: "acoustic-booths", code: "AB", price: [9500, 19_800], materials: boothMaterials, sizes: boothSizes.slice(0, 2) },
  { en: "Meeting Booth", ar: "كابينة اجتماعات", feminine: true, category: "acoustic-booths", code: "AB", price: [12_000, 20_000], materials: boothMaterials, sizes: boothSizes.slice(1) },
  { en: "Acoustic Screen", ar: "حاجز صوتي", category: "acoustic-booths", code: "AB", price: [300, 1800], materials: [M.felt, M.fabric], sizes: deskSizes },
  { en: "Monitor Arm", ar: "ذراع شاشة", category: "accessories", code: "AC", price: [150, 950], materials: [M.aluminium, M.steel], sizes: none },
  { en: "Desk Lamp", ar: "مصباح مكتب", category: "accessories", code: "AC", price: [90, 750], materials: [M.aluminium, M.steel, M.plastic], sizes: none },
  { en: "Footrest", ar: "مسند قدمين", category: "accessories", code: "AC", price: [60, 320], materials: [M.plastic, M.steel, M.bamboo], sizes: none },
  { en: "Cable Tray", ar: "حامل كابلات", category: "accessories", code: "AC", price: [50, 260], materials: [M.steel, M.aluminium], sizes: none },
  { en: "Desk Divider", ar: "فاصل مكتب", category: "accessories", code: "AC", price: [180, 900], materials: [M.felt, M.glass, M.fabric], sizes: deskSizes },
  { en: "Whiteboard", ar: "سبورة بيضاء", feminine: true, category: "accessories", code: "AC", price: [200, 1600], materials: [M.glass, M.steel], sizes: deskSizes },
  { en: "Keyboard Tray", ar: "درج لوحة مفاتيح", category: "accessories", code: "AC", price: [120, 480], materials: accessoryMaterials, sizes: none },
  { en: "Coat Stand", ar: "علّاقة معاطف", feminine: true, category: "accessories", code: "AC", price: [120, 650], materials: [M.steel, M.oak, M.walnut], sizes: none },
  { en: "Laptop Stand", ar: "حامل حاسوب محمول", category: "accessories", code: "AC", price: [80, 420], materials: accessoryMaterials, sizes: none },
];

const COLOURS: Colour[] = [
  { en: "Black", ar: "أسود", arDef: "الأسود" },
  { en: "White", ar: "أبيض", arDef: "الأبيض" },
  { en: "Grey", ar: "رمادي", arDef: "الرمادي" },
  { en: "Charcoal", ar: "فحمي", arDef: "الفحمي" },
  { en: "Beige", ar: "بيج", arDef: "البيج" },
  { en: "Navy", ar: "كحلي", arDef: "الكحلي" },
  { en: "Blue", ar: "أزرق", arDef: "الأزرق" },
  { en: "Green", ar: "أخضر", arDef: "الأخضر" },
  { en: "Olive", ar: "زيتي", arDef: "الزيتي" },
  { en: "Red", ar: "أحمر", arDef: "الأحمر" },
  { en: "Brown", ar: "بني", arDef: "البني" },
  { en: "Sand", ar: "رملي", arDef: "الرملي" },
];

const SERIES: Word[] = [
  { en: "Atlas", ar: "أطلس" },
  { en: "Zenith", ar: "زينيث" },
  { en: "Nimbus", ar: "نيمبوس" },
  { en: "Vertex", ar: "فيرتكس" },
  { en: "Pulse", ar: "بالس" },
  { en: "Terra", ar: "تيرا" },
  { en: "Strata", ar: "ستراتا" },
  { en: "Urban", ar: "أوربان" },
  { en: "Metro", ar: "مترو" },
  { en: "Cove", ar: "كوف" },
  { en: "Summit", ar: "سميت" },
  { en: "Dune", ar: "ديون" },
  { en: "Falcon", ar: "فالكون" },
  { en: "Oasis", ar: "أواسيس" },
  { en: "Marina", ar: "مارينا" },
  { en: "Corniche", ar: "كورنيش" },
  { en: "Lumen", ar: "لومن" },
  { en: "Prism", ar: "بريزم" },
  { en: "Echo", ar: "إيكو" },
  { en: "Halo", ar: "هالو" },
  { en: "Nova", ar: "نوفا" },
  { en: "Orion", ar: "أوريون" },
  { en: "Sierra", ar: "سييرا" },
  { en: "Vela", ar: "فيلا" },
];

/** One selling point per category, in both languages. */
const FEATURES: Record<string, Word[]> = {
  chairs: [
    { en: "Adjustable seat height and tilt tension for all-day comfort", ar: "ارتفاع مقعد وشدة إمالة قابلان للتعديل لراحة طوال اليوم" },
    { en: "Contoured backrest with built-in lumbar support", ar: "مسند ظهر منحني مع دعم قطني مدمج" },
    { en: "Smooth-rolling castors suited to carpet and hard floors", ar: "عجلات سلسة مناسبة للسجاد والأرضيات الصلبة" },
    { en: "Padded armrests and a reinforced nylon base", ar: "مساند ذراعين مبطنة وقاعدة نايلون مقواة" },
  ],
  desks: [
    { en: "Scratch-resistant top with integrated cable management", ar: "سطح مقاوم للخدش مع نظام مدمج لتنظيم الكابلات" },
    { en: "Powder-coated steel frame with levelling feet", ar: "هيكل فولاذي مطلي بالبودرة مع أرجل قابلة للتسوية" },
    { en: "Optional modesty panel and under-desk storage", ar: "لوح أمامي اختياري ومساحة تخزين أسفل المكتب" },
  ],
  workstations: [
    { en: "Shared spine with power and data outlets for every seat", ar: "عمود مشترك بمنافذ كهرباء وبيانات لكل مقعد" },
    { en: "Desk-mounted acoustic screens between positions", ar: "حواجز صوتية مثبتة على المكتب بين المواقع" },
    { en: "Expandable layout for growing teams", ar: "تصميم قابل للتوسعة للفرق المتنامية" },
  ],
  "meeting-tables": [
    { en: "Central cable port with pop-up power module", ar: "منفذ كابلات مركزي مع وحدة طاقة منبثقة" },
    { en: "Sturdy frame that stays stable when fully loaded", ar: "هيكل متين يبقى ثابتاً عند الاستخدام الكامل" },
    { en: "Edge-banded top resistant to heat and stains", ar: "سطح بحواف محمية مقاوم للحرارة والبقع" },
  ],
  storage: [
    { en: "Central locking with two keys supplied", ar: "قفل مركزي مع مفتاحين" },
    { en: "Adjustable shelves and anti-tilt mechanism", ar: "رفوف قابلة للتعديل وآلية مانعة للانقلاب" },
    { en: "Soft-close runners on every drawer and door", ar: "مجاري إغلاق هادئ لكل درج وباب" },
  ],
  reception: [
    { en: "Raised transaction counter with an accessible lower section", ar: "كاونتر مرتفع للمعاملات مع جزء منخفض لذوي الاحتياجات" },
    { en: "Integrated LED strip and concealed cable routing", ar: "شريط إضاءة LED مدمج ومسارات كابلات مخفية" },
  ],
  sofas: [
    { en: "High-density foam cushions with removable covers", ar: "وسائد إسفنجية عالية الكثافة بأغطية قابلة للإزالة" },
    { en: "Solid hardwood frame and fire-retardant upholstery", ar: "هيكل من الخشب الصلب وتنجيد مقاوم للحريق" },
  ],
  "acoustic-booths": [
    { en: "Sound reduction of up to 30 dB with silent ventilation", ar: "عزل صوتي حتى 30 ديسيبل مع تهوية صامتة" },
    { en: "Motion-sensor lighting and built-in power sockets", ar: "إضاءة بحساس حركة ومقابس كهرباء مدمجة" },
    { en: "Tool-free assembly and relocation", ar: "تركيب ونقل دون الحاجة إلى أدوات" },
  ],
  accessories: [
    { en: "Improves posture and keeps the workspace tidy", ar: "يحسن وضعية الجلوس ويحافظ على ترتيب مساحة العمل" },
    { en: "Fits standard desks up to 50 mm thick", ar: "يناسب المكاتب القياسية بسماكة حتى 50 مم" },
    { en: "Durable finish for daily office use", ar: "تشطيب متين للاستخدام المكتبي اليومي" },
  ],
};

const WARRANTY_YEARS = [1, 2, 3, 5, 5, 10];

function arabicYears(years: number): string {
  if (years === 1) return "سنة واحدة";
  if (years === 2) return "سنتين";
  return years <= 10 ? `${years} سنوات` : `${years} سنة`;
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A deterministic synthetic office-furniture catalog. Each item depends only on the seed and its
 * absolute index (`startIndex + i`), so pages generated separately join into the same catalog.
 * Item ids (`4816…`) and SKUs (`GEN-CH-000123`) never collide with the demo catalog's.
 */
export function generateZohoItems(count: number, options: { seed?: number; startIndex?: number } = {}): ZohoItem[] {
  const seed = options.seed ?? 1;
  const start = options.startIndex ?? 0;
  const items: ZohoItem[] = [];
  for (let i = 0; i < count; i++) items.push(syntheticItem(seed, start + i));
  return items;
}

function syntheticItem(seed: number, index: number): ZohoItem {
  const random = mulberry32(fnv1a(`${seed}:${index}`));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const type = pick(TYPES);
  const series = pick(SERIES);
  const material = pick(type.materials);
  const colour = pick(COLOURS);
  const variant = pick(type.sizes);
  const feature = pick(FEATURES[type.category] ?? FEATURES.accessories!);
  const warranty = pick(WARRANTY_YEARS);

  const [low, high] = type.price;
  const rawPrice = low + (high - low) * random() ** 1.5;
  const rate = Math.min(20_000, Math.max(50, rawPrice < 500 ? Math.round(rawPrice / 5) * 5 : Math.round(rawPrice / 50) * 50));
  const stock = random() < 0.08 ? 0 : Math.floor(random() * 501);
  const inactive = random() < 0.05;

  const sku = `GEN-${type.code}-${String(index + 1).padStart(6, "0")}`;
  const nameEn = [series.en, material.en, type.en, variant.en].filter(Boolean).join(" ") + ` – ${colour.en}`;
  const nameAr = [type.ar, series.ar, variant.ar].filter(Boolean).join(" ") + ` من ${material.ar} – ${colour.ar}`;
  const sizeEn = variant.en ? ` Size: ${variant.en}.` : "";
  const sizeAr = variant.ar ? ` المقاس: ${variant.ar}.` : "";
  const descriptionEn = `${type.en} from the ${series.en} series in ${colour.en.toLowerCase()} ${material.en.toLowerCase()}. ${feature.en}.${sizeEn} ${warranty}-year warranty.`;
  const made = type.feminine ? "مصنوعة" : "مصنوع";
  const descriptionAr = `${type.ar} من سلسلة ${series.ar}، ${made} من ${material.ar} باللون ${colour.arDef}. ${feature.ar}.${sizeAr} ضمان لمدة ${arabicYears(warranty)}.`;

  const created = SYNTHETIC_EPOCH + index * 60_000;
  const modified = created + Math.floor(random() * 180 * 86_400) * 1000;
  const attributes: Record<string, string> = { series: series.en.toLowerCase(), material: material.en.toLowerCase(), color: colour.en.toLowerCase() };
  if (variant.attribute) attributes[variant.attribute] = variant.value;
  attributes.warranty_years = String(warranty);

  return {
    item_id: `4816000${String(index + 1).padStart(9, "0")}`,
    name: nameEn,
    sku,
    rate,
    description: descriptionEn,
    status: inactive ? "inactive" : "active",
    unit: "pcs",
    category_id: zohoCategoryId(type.category),
    category_name: type.category,
    stock_on_hand: stock,
    available_stock: stock,
    actual_available_stock: stock,
    image_name: `${sku}.jpg`,
    created_time: zohoTime(new Date(created)),
    last_modified_time: zohoTime(new Date(modified)),
    custom_fields: [
      customField("cf_name_ar", "Name (Arabic)", nameAr),
      customField("cf_description_ar", "Description (Arabic)", descriptionAr),
      ...Object.entries(attributes).map(([key, value]) => customField(`cf_${key}`, key, value)),
    ],
  };
}
