import type { CatalogBuilder, Route } from './catalog-builder.js';

/** The engineering change of the demo: wardrobe and shoe-cabinet doors get soft-close hinges. */
export const HINGE_CHANGE_DATE = '2026-12-01';
const HINGE_OLD_UNTIL = '2026-11-30';

interface MakeSpec {
  leadTime?: number;
  cost: number;
  safetyStock?: number;
  abcClass?: 'A' | 'B' | 'C';
  route: Route;
}

/** Everything made in the plant: finished goods, sub-assemblies, parts, blanks, and hardware kits. */
export function addMadeItems(b: CatalogBuilder): void {
  const make = (code: string, name: string, group: 'part' | 'assembly' | 'product', spec: MakeSpec) =>
    b.item({
      code,
      name,
      uom: 'pcs',
      type: 'make',
      group,
      leadTime: spec.leadTime ?? (group === 'product' ? 7 : group === 'assembly' ? 3 : 2),
      cost: spec.cost,
      safetyStock: spec.safetyStock ?? 0,
      abcClass: spec.abcClass ?? (group === 'product' ? 'A' : 'B'),
      route: spec.route,
    });
  const kit = (code: string, name: string) =>
    b.item({
      code,
      name,
      uom: 'set',
      type: 'phantom',
      group: 'kit',
      leadTime: 0,
      cost: 0,
      safetyStock: 0,
      abcClass: 'C',
    });

  /** A board part: cut from sheet (開料件, 6 % kerf and offcut loss), then edge-banded and drilled. */
  const panel = (
    code: string,
    name: string,
    board: string,
    area: number,
    edge?: { item: string; metres: number },
  ): string => {
    const blank = make(`BL-${code}`, `${name} 开料件`, 'part', {
      leadTime: 1,
      cost: round(1 + area * 3),
      route: { cut: round(1 + area * 2) },
    });
    b.line(blank, board, area, { scrapRate: 0.06 });
    if (!edge) return blank;
    const part = make(`PT-${code}`, name, 'part', {
      cost: round(2 + edge.metres * 0.8),
      route: { edge: round(0.5 + edge.metres * 0.4), drill: 1.5 },
    });
    b.line(part, blank, 1);
    b.line(part, edge.item, edge.metres, { scrapRate: 0.05 });
    b.line(part, 'CM-GLUE-HM', round(edge.metres * 12), { uom: 'g' });
    return part;
  };

  /** A solid-oak part: a blank cut from timber, then machined, sanded and lacquered. */
  const solid = (code: string, name: string, timber: string, qty: number, surfaceM2: number): string => {
    const blank = make(`BL-${code}`, `${name}毛坯`, 'part', {
      leadTime: 1,
      cost: round(2 + qty * 4),
      route: { cut: round(2 + qty * 3) },
    });
    b.line(blank, timber, qty, { scrapRate: 0.08 });
    const part = make(`PT-${code}`, `${name}(涂装)`, 'part', {
      cost: round(4 + surfaceM2 * 20),
      route: { drill: round(2 + qty * 2), paint: round(3 + surfaceM2 * 10) },
    });
    b.line(part, blank, 1);
    lacquer(part, surfaceM2);
    return part;
  };

  /** Two coats of PU per m² of surface; hardener in g, mixed per batch. */
  const lacquer = (part: string, surfaceM2: number, setupKg = 0): void => {
    b.line(part, 'CM-PU-PRIMER', round(surfaceM2 * 0.12, 3));
    b.line(part, 'CM-PU-TOP', round(surfaceM2 * 0.1, 3), setupKg > 0 ? { setupQty: setupKg } : {});
    b.line(part, 'CM-PU-HARD', round(surfaceM2 * 55), { uom: 'g' });
    b.line(part, 'CM-THINNER', round(surfaceM2 * 0.05, 3));
  };

  const lines = (parent: string, rows: [string, number][]) => {
    for (const [child, qty] of rows) b.line(parent, child, qty);
  };
  const packing = (parent: string, boxes: [string, number][], foamM2: number, corners: number) => {
    lines(parent, [...boxes, ['PK-FOAM', foamM2], ['PK-CORNER', corners], ['PK-MANUAL', 1], ['PK-LABEL', 1]]);
  };

  // Hardware kits (五金包): packed with the product, never stocked; shared by many products.
  kit('KIT-TABLE', '五金包(餐桌)');
  lines('KIT-TABLE', [
    ['HW-BOLT-M8-50', 8],
    ['HW-WASHER-M8', 8],
    ['HW-SCREW-M6-30', 4],
    ['HW-HEXKEY', 1],
  ]);
  kit('KIT-CHAIR', '五金包(餐椅)');
  lines('KIT-CHAIR', [
    ['HW-SCREW-M6-30', 4],
    ['HW-ST-4x30', 4],
    ['HW-HEXKEY', 1],
  ]);
  kit('KIT-PANEL', '五金包(板式通用)');
  lines('KIT-PANEL', [
    ['HW-CAM', 8],
    ['HW-DOWEL', 8],
    ['HW-ST-4x16', 12],
    ['HW-SCREW-M6-30', 4],
    ['HW-BUMPER', 8],
    ['HW-HEXKEY', 1],
  ]);
  // A kit inside a kit: cabinets get the panel kit plus shelf pins and anti-tip hardware.
  kit('KIT-CAB', '五金包(柜类)');
  lines('KIT-CAB', [
    ['KIT-PANEL', 1],
    ['HW-SHELF-PIN', 8],
    ['HW-ST-4x30', 6],
    ['HW-ANTITIP', 1],
  ]);
  kit('KIT-OC', '五金包(办公椅)');
  lines('KIT-OC', [
    ['HW-SCREW-M6-30', 6],
    ['HW-BOLT-M8-50', 4],
    ['HW-HEXKEY', 1],
  ]);

  // 实木餐桌: a lacquered finger-jointed top, four legs and an apron frame — six BOM levels deep.
  const legs = make('SA-LEG-DT', '桌腿组件', 'assembly', { cost: 6, route: { assemble: 2 } });
  lines(legs, [
    [solid('LEG-DT', '餐桌腿', 'RM-OAK-SQ60', 0.74, 0.2), 1],
    ['HW-NUT-M8', 2],
    ['HW-FELT', 1],
  ]);
  const apronShort = solid('APR-S', '短望板', 'RM-OAK-SQ25', 0.8, 0.12);
  for (const [size, metres, area, price] of [
    [160, 1.6, 1.52, 2680],
    [180, 1.8, 1.71, 2980],
  ] as const) {
    const blank = make(`BL-TOP${size}`, `餐桌桌面 ${metres}m 开料件`, 'part', {
      leadTime: 1,
      cost: 12,
      route: { cut: 6 },
    });
    b.line(blank, 'RM-OAK-FJ25', area, { scrapRate: 0.08 });
    const white = make(`PT-TOP${size}-W`, `餐桌桌面 ${metres}m 白坯`, 'part', {
      cost: 25,
      route: { drill: 12 },
    });
    b.line(white, blank, 1);
    const top = make(`PT-TOP${size}`, `餐桌桌面 ${metres}m (涂装)`, 'part', {
      cost: 60,
      route: { paint: 25 },
    });
    b.line(top, white, 1);
    lacquer(top, area * 2 + 0.3, 0.5);
    const topAssembly = make(`SA-TOP${size}`, `桌面总成 ${metres}m`, 'assembly', {
      cost: 15,
      route: { assemble: 8 },
    });
    lines(topAssembly, [
      [top, 1],
      ['HW-CLIP', 8],
      ['HW-ST-4x30', 16],
      ['HW-NUT-M8', 4],
    ]);
    const apron = make(`SA-APR${size}`, `望板框架 ${metres}m`, 'assembly', {
      cost: 18,
      route: { assemble: 10 },
    });
    lines(apron, [
      [solid(`APR-L${size}`, `长望板 ${metres}m`, 'RM-OAK-SQ25', metres - 0.25, 0.22), 2],
      [apronShort, 2],
      ['HW-SCREW-M6-30', 8],
      ['HW-DOWEL', 8],
    ]);
    b.line(apron, 'CM-GLUE-PVA', 0.04);
    const table = make(`FG-DT${size}`, `实木餐桌 ${metres}m 橡木`, 'product', {
      cost: round(price * 0.12),
      safetyStock: 10,
      route: { cut: 18, drill: 25, paint: 40, assemble: 30, pack: 12 },
    });
    lines(table, [
      [topAssembly, 1],
      [legs, 4],
      [apron, 1],
      ['KIT-TABLE', 1],
    ]);
    packing(
      table,
      [
        ['PK-BOX-DT', 1],
        ['PK-BOX-LEG', 1],
      ],
      3.2,
      8,
    );
  }

  // 餐椅: one oak frame, a solid or an upholstered seat.
  const frame = make('SA-CHFRAME', '餐椅椅架总成', 'assembly', { cost: 22, route: { assemble: 18 } });
  lines(frame, [
    [solid('CHLEG-F', '餐椅前腿', 'RM-OAK-SQ40', 0.47, 0.08), 2],
    [solid('CHLEG-B', '餐椅后腿', 'RM-OAK-SQ40', 0.95, 0.16), 2],
    [solid('CHRAIL', '餐椅横档', 'RM-OAK-SQ25', 0.42, 0.06), 4],
    [solid('BACKREST', '餐椅靠背板', 'RM-OAK-FJ18', 0.09, 0.2), 1],
    ['HW-DOWEL', 12],
    ['HW-SCREW-M6-30', 4],
  ]);
  b.line(frame, 'CM-GLUE-PVA', 0.06);
  const softSeat = make('SA-SEAT-SOFT', '软包座垫', 'assembly', { cost: 14, route: { assemble: 12 } });
  lines(softSeat, [
    [panel('SEATBASE', '座垫底板', 'RM-PLY15', 0.19), 1],
    ['HW-STAPLE', 60],
  ]);
  b.line(softSeat, 'RM-SPONGE-30', 0.2, { scrapRate: 0.08 });
  b.line(softSeat, 'RM-FABRIC', 0.6, { scrapRate: 0.1 });
  const solidSeat = solid('SEAT', '实木座板', 'RM-OAK-FJ18', 0.2, 0.42);
  for (const [code, name, seat, price] of [
    ['FG-CH-OAK', '橡木餐椅 实木座', solidSeat, 680],
    ['FG-CH-SOFT', '橡木餐椅 软包', softSeat, 780],
  ] as const) {
    const chair = make(code, name, 'product', {
      cost: round(price * 0.12),
      safetyStock: 40,
      route: { cut: 8, drill: 14, paint: 20, assemble: 15, pack: 5 },
    });
    lines(chair, [
      [frame, 1],
      [seat, 1],
      ['KIT-CHAIR', 1],
      ['HW-FELT', 4],
      ['PK-BOX-CH', 0.5],
      ['PK-LABEL', 1],
    ]);
  }

  // 抽屉组件: two sizes shared by desks, nightstands, TV cabinets and chests.
  const drawer = (width: number, side: string, slide: string, handle: string) => {
    const code = make(`SA-DRW${width}`, `抽屉组件 ${width}mm`, 'assembly', {
      cost: 8,
      safetyStock: 30,
      route: { assemble: 6 },
    });
    const w = width / 1000;
    lines(code, [
      [
        panel(`DRW${width}-FRONT`, `抽面 ${width}`, 'RM-PB18', round(w * 0.18, 3), {
          item: 'EB-PVC-1x22-WH',
          metres: round(2 * w + 0.4, 2),
        }),
        1,
      ],
      [side, 2],
      [
        panel(`DRW${width}-BACK`, `抽尾 ${width}`, 'RM-PB15', round(w * 0.12, 3), {
          item: 'EB-PVC-1x18-WH',
          metres: round(w, 2),
        }),
        1,
      ],
      [panel(`DRW${width}-BTM`, `抽底 ${width}`, 'RM-MDF3', round(w * 0.4, 3)), 1],
      [slide, 1],
      [handle, 1],
      ['HW-SCREW-M4-25', 2],
      ['HW-CAM', 4],
      ['HW-ST-35x12', 12],
    ]);
    return code;
  };
  const drawer400 = drawer(
    400,
    panel('DRW-SIDE350', '抽侧 350', 'RM-PB15', 0.042, { item: 'EB-PVC-1x18-WH', metres: 0.35 }),
    'HW-SLIDE-350',
    'HW-HANDLE-96',
  );
  const drawer700 = drawer(
    700,
    panel('DRW-SIDE450', '抽侧 450', 'RM-PB15', 0.063, { item: 'EB-PVC-1x18-WH', metres: 0.45 }),
    'HW-SLIDE-450',
    'HW-HANDLE-128',
  );

  // 柜门: the soft-close hinge replaces the plain one from HINGE_CHANGE_DATE.
  const door = (code: string, name: string, board: string, area: number, edgeM: number, hinges: number) => {
    const sa = make(`SA-DOOR-${code}`, name, 'assembly', {
      cost: 6,
      safetyStock: code === 'WR' ? 20 : 0,
      route: { assemble: 5 },
    });
    lines(sa, [
      [panel(`DOOR-${code}`, `${name}门板`, board, area, { item: 'EB-PVC-2x22-OAK', metres: edgeM }), 1],
      [code === 'WR' ? 'HW-HANDLE-320' : 'HW-HANDLE-128', 1],
      ['HW-SCREW-M4-25', 2],
      ['HW-ST-35x12', hinges * 4],
    ]);
    b.line(sa, 'HW-HINGE-STD', hinges, { effectiveTo: HINGE_OLD_UNTIL });
    b.line(sa, 'HW-HINGE-SOFT', hinges, { effectiveFrom: HINGE_CHANGE_DATE });
    return sa;
  };

  // 书桌: flat-packed panels with one drawer.
  const deskSide = panel('DK-SIDE', '书桌侧板', 'RM-PB25', 0.5, { item: 'EB-PVC-2x22-OAK', metres: 2.9 });
  for (const [size, w, price] of [
    [120, 1.2, 899],
    [140, 1.4, 1099],
  ] as const) {
    const desk = make(`FG-DK${size}`, `书桌 ${w}m 橡木纹`, 'product', {
      cost: round(price * 0.1),
      safetyStock: 8,
      route: { cut: 10, edge: 8, drill: 9, assemble: 12, pack: 8 },
    });
    lines(desk, [
      [
        panel(`DK-TOP${size}`, `书桌桌面 ${w}m`, 'RM-PB25', round(w * 0.6, 2), {
          item: 'EB-PVC-2x22-OAK',
          metres: round(2 * w + 1.2, 2),
        }),
        1,
      ],
      [deskSide, 2],
      [
        panel(`DK-MOD${size}`, `书桌挡板 ${w}m`, 'RM-PB18', round(w * 0.35, 2), {
          item: 'EB-PVC-1x22-OAK',
          metres: round(2 * w + 0.7, 2),
        }),
        1,
      ],
      [drawer400, 1],
      ['KIT-PANEL', 1],
      ['HW-FOOT-ADJ', 4],
    ]);
    packing(desk, [['PK-BOX-DK', 1]], 2, 8);
  }

  // 床头柜: one or two drawers in a small carcass.
  const nsTop = panel('NS-TOP', '床头柜顶板', 'RM-PB25', 0.2, { item: 'EB-PVC-1x22-WH', metres: 1.9 });
  const nsBottom = panel('NS-BTM', '床头柜底板', 'RM-PB18', 0.18, { item: 'EB-PVC-1x22-WH', metres: 0.45 });
  const nsBack = panel('NS-BACK', '床头柜背板', 'RM-MDF5', 0.22);
  for (const [n, sideArea, price] of [
    [1, 0.2, 399],
    [2, 0.26, 499],
  ] as const) {
    const carcass = make(`SA-CAB-NS${n}`, `床头柜柜体 ${n}抽`, 'assembly', {
      cost: 10,
      route: { assemble: 8 },
    });
    lines(carcass, [
      [
        panel(`NS${n}-SIDE`, `床头柜侧板 ${n}抽`, 'RM-PB18', sideArea, {
          item: 'EB-PVC-1x22-WH',
          metres: round(sideArea * 8, 2),
        }),
        2,
      ],
      [nsTop, 1],
      [nsBottom, 1],
      [nsBack, 1],
      ['HW-CAM', 8],
      ['HW-DOWEL', 8],
      ['HW-ST-4x16', 10],
    ]);
    const ns = make(`FG-NS${n}`, `床头柜 ${n === 1 ? '单抽' : '双抽'} 暖白`, 'product', {
      cost: round(price * 0.1),
      safetyStock: 20,
      route: { cut: 5, edge: 5, drill: 5, assemble: 8, pack: 4 },
    });
    lines(ns, [
      [carcass, 1],
      [drawer400, n],
      ['KIT-PANEL', 1],
      ['HW-FELT', 4],
    ]);
    packing(ns, [['PK-BOX-NS', 1]], 0.8, 4);
  }

  // 衣柜: two, three or four doors on a shared side panel, shelf and door.
  const wrSide = panel('WR-SIDE', '衣柜侧板', 'RM-PB18', 1.1, { item: 'EB-PVC-1x22-OAK', metres: 5.1 });
  const wrMid = panel('WR-MID', '衣柜中立板', 'RM-PB18', 1.05, { item: 'EB-PVC-1x22-OAK', metres: 2.6 });
  const wrShelf = panel('WR-SHELF', '衣柜层板', 'RM-PB18', 0.25, { item: 'EB-PVC-1x22-OAK', metres: 0.9 });
  const wrDoor = door('WR', '衣柜柜门', 'RM-MDF18', 0.9, 4.9, 4);
  for (const [n, width, price] of [
    [2, 0.9, 1680],
    [3, 1.35, 2380],
    [4, 1.8, 2980],
  ] as const) {
    const carcass = make(`SA-CAB-WR${n}`, `衣柜柜体总成 ${n}门`, 'assembly', {
      cost: 20 + n * 5,
      route: { assemble: 15 + n * 5 },
    });
    lines(carcass, [
      [wrSide, 2],
      [
        panel(`WR${n}-TB`, `衣柜顶底板 ${n}门`, 'RM-PB18', round(width * 0.55, 2), {
          item: 'EB-PVC-1x22-OAK',
          metres: round(width + 0.55, 2),
        }),
        2,
      ],
      ...(n > 2 ? ([[wrMid, 1]] as [string, number][]) : []),
      [wrShelf, n],
      [panel(`WR${n}-BACK`, `衣柜背板 ${n}门`, 'RM-MDF5', round(width * 2, 2)), 1],
      ['HW-CAM', 12 + n * 4],
      ['HW-SHELF-PIN', n * 4],
      ['HW-ST-4x16', 30],
    ]);
    const wardrobe = make(`FG-WR${n}`, `${['', '', '两', '三', '四'][n]}门衣柜 橡木纹`, 'product', {
      cost: round(price * 0.1),
      safetyStock: 5,
      route: { cut: 12 + n * 4, edge: 10 + n * 3, drill: 10 + n * 3, assemble: 20 + n * 6, pack: 10 + n * 3 },
    });
    lines(wardrobe, [
      [carcass, 1],
      [wrDoor, n],
      ['HW-ROD-HOLDER', n > 2 ? 4 : 2],
      ['KIT-CAB', 1],
      ['HW-FOOT-ADJ', n > 3 ? 6 : 4],
    ]);
    // Hanging rails are cut to the bay width, given in mm on the drawing.
    b.line(wardrobe, 'HW-ROD', n > 2 ? round((width * 1000 - 60) / 2) * 2 : width * 1000 - 40, { uom: 'mm' });
    packing(wardrobe, [['PK-BOX-WR', n + 1]], 1.5 * n, 12);
  }

  // 电视柜 1.8m: two drawers, two doors.
  const tvCarcass = make('SA-CAB-TV180', '电视柜柜体 1.8m', 'assembly', {
    cost: 22,
    route: { assemble: 15 },
  });
  lines(tvCarcass, [
    [panel('TV-TOP', '电视柜顶板', 'RM-PB25', 0.81, { item: 'EB-PVC-2x22-OAK', metres: 4.5 }), 1],
    [panel('TV-SIDE', '电视柜侧板', 'RM-PB18', 0.2, { item: 'EB-PVC-1x22-OAK', metres: 1.9 }), 2],
    [panel('TV-BTM', '电视柜底板', 'RM-PB18', 0.77, { item: 'EB-PVC-1x22-OAK', metres: 1.8 }), 1],
    [panel('TV-DIV', '电视柜中隔板', 'RM-PB18', 0.18, { item: 'EB-PVC-1x22-OAK', metres: 0.45 }), 2],
    [panel('TV-BACK', '电视柜背板', 'RM-MDF5', 0.8), 1],
    ['HW-CAM', 20],
    ['HW-DOWEL', 16],
    ['HW-ST-4x16', 20],
  ]);
  const tv = make('FG-TV180', '电视柜 1.8m 橡木纹', 'product', {
    cost: 180,
    safetyStock: 5,
    route: { cut: 14, edge: 12, drill: 12, assemble: 25, pack: 10 },
  });
  lines(tv, [
    [tvCarcass, 1],
    [drawer700, 2],
    [door('TV', '电视柜柜门', 'RM-MDF18', 0.19, 1.8, 2), 2],
    ['KIT-CAB', 1],
    ['HW-FOOT-ADJ', 6],
  ]);
  packing(tv, [['PK-BOX-CAB', 2]], 3, 12);

  // 五斗柜: five wide drawers.
  const chestCarcass = make('SA-CAB-DR5', '五斗柜柜体', 'assembly', { cost: 18, route: { assemble: 14 } });
  lines(chestCarcass, [
    [panel('DR5-SIDE', '五斗柜侧板', 'RM-PB18', 0.5, { item: 'EB-PVC-1x22-WH', metres: 2.2 }), 2],
    [panel('DR5-TOP', '五斗柜顶板', 'RM-PB25', 0.36, { item: 'EB-PVC-1x22-WH', metres: 2.4 }), 1],
    [panel('DR5-BTM', '五斗柜底板', 'RM-PB18', 0.33, { item: 'EB-PVC-1x22-WH', metres: 0.8 }), 1],
    [panel('DR5-BACK', '五斗柜背板', 'RM-MDF5', 0.8), 1],
    ['HW-CAM', 12],
    ['HW-ST-4x16', 16],
  ]);
  const chest = make('FG-DR5', '五斗柜 暖白', 'product', {
    cost: 160,
    safetyStock: 4,
    route: { cut: 12, edge: 12, drill: 14, assemble: 30, pack: 10 },
  });
  lines(chest, [
    [chestCarcass, 1],
    [drawer700, 5],
    ['KIT-CAB', 1],
    ['HW-FELT', 4],
  ]);
  packing(chest, [['PK-BOX-CAB', 2]], 2.5, 8);

  // 鞋柜: two doors, four shelves.
  const shoeCarcass = make('SA-CAB-SC', '鞋柜柜体', 'assembly', { cost: 14, route: { assemble: 10 } });
  lines(shoeCarcass, [
    [panel('SC-SIDE', '鞋柜侧板', 'RM-PB18', 0.37, { item: 'EB-PVC-1x22-WH', metres: 2.7 }), 2],
    [panel('SC-TB', '鞋柜顶底板', 'RM-PB18', 0.27, { item: 'EB-PVC-1x22-WH', metres: 1.1 }), 2],
    [panel('SC-SHELF', '鞋柜层板', 'RM-PB15', 0.2, { item: 'EB-PVC-1x18-WH', metres: 0.8 }), 4],
    [panel('SC-BACK', '鞋柜背板', 'RM-MDF5', 0.85), 1],
    ['HW-CAM', 12],
    ['HW-SHELF-PIN', 16],
    ['HW-ST-4x16', 16],
  ]);
  const shoe = make('FG-SC', '鞋柜 两门 暖白', 'product', {
    cost: 90,
    safetyStock: 6,
    route: { cut: 9, edge: 9, drill: 9, assemble: 15, pack: 6 },
  });
  lines(shoe, [
    [shoeCarcass, 1],
    [door('SC', '鞋柜柜门', 'RM-MDF18', 0.45, 2.9, 2), 2],
    ['KIT-CAB', 1],
    ['HW-FOOT-ADJ', 4],
  ]);
  packing(shoe, [['PK-BOX-CAB', 1]], 1.5, 8);

  // 办公椅: bought mechanism and base, own upholstered seat and back.
  const seatBoard = panel('OC-SEAT', '办公椅座板', 'RM-PLY15', 0.25);
  for (const [variant, name, back, cover, coverQty, price] of [
    ['MESH', '网布办公椅', 'RM-MESH', 'RM-FABRIC', 0.7, 599],
    ['PU', '皮面办公椅', 'RM-PU-LEATHER', 'RM-PU-LEATHER', 0.8, 799],
  ] as const) {
    const backRest = make(`SA-OC-BACK-${variant}`, `${name}靠背总成`, 'assembly', {
      cost: 12,
      route: { assemble: 10 },
    });
    lines(backRest, [
      ['CH-BACKFRAME', 1],
      ['CH-LUMBAR', 1],
      ['HW-ST-4x16', 12],
    ]);
    b.line(backRest, back, variant === 'MESH' ? 0.55 : 0.9, { scrapRate: 0.1 });
    if (variant === 'PU') {
      b.line(backRest, 'RM-SPONGE-30', 0.35, { scrapRate: 0.08 });
      b.line(backRest, 'HW-STAPLE', 80);
    }
    const seat = make(`SA-OC-SEAT-${variant}`, `${name}座垫总成`, 'assembly', {
      cost: 12,
      route: { assemble: 10 },
    });
    lines(seat, [
      [seatBoard, 1],
      ['HW-NUT-M8', 4],
      ['HW-STAPLE', 80],
    ]);
    b.line(seat, 'RM-SPONGE-50', 0.25, { scrapRate: 0.08 });
    b.line(seat, cover, coverQty, { scrapRate: 0.12 });
    const chair = make(`FG-OC-${variant}`, name, 'product', {
      cost: round(price * 0.08),
      safetyStock: 15,
      route: { cut: 3, assemble: 18, pack: 5 },
    });
    lines(chair, [
      [backRest, 1],
      [seat, 1],
      ['CH-MECH', 1],
      ['CH-GASLIFT', 1],
      ['CH-BASE', 1],
      ['CH-CASTER', 5],
      ['CH-ARM', 2],
      ['KIT-OC', 1],
      ['PK-BOX-OC', 1],
      ['PK-LABEL', 1],
    ]);
    b.line(chair, 'PK-FILM', 0.05);
  }
}

const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;
