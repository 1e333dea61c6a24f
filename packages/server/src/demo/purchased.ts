import type { CatalogBuilder, StockGroup } from './catalog-builder.js';

/** code, name, uom, cost 元, lead time (days), safety stock, ABC class */
type Row = [string, string, string, number, number, number, 'A' | 'B' | 'C'];

const PURCHASED: Record<Exclude<StockGroup, 'part' | 'assembly' | 'product' | 'kit'>, Row[]> = {
  board: [
    ['RM-OAK-FJ25', '橡木指接板 25mm', 'm2', 420, 15, 40, 'A'],
    ['RM-OAK-FJ18', '橡木指接板 18mm', 'm2', 330, 15, 30, 'A'],
    ['RM-OAK-SQ60', '橡木方料 60×60mm', 'm', 58, 15, 120, 'A'],
    ['RM-OAK-SQ40', '橡木方料 40×40mm', 'm', 32, 15, 200, 'A'],
    ['RM-OAK-SQ25', '橡木方料 25×45mm', 'm', 22, 15, 200, 'A'],
    ['RM-PB25', 'E1级刨花板 25mm 暖白', 'm2', 55, 7, 120, 'A'],
    ['RM-PB18', 'E1级刨花板 18mm 暖白', 'm2', 42, 7, 300, 'A'],
    ['RM-PB15', 'E1级刨花板 15mm 暖白', 'm2', 36, 7, 80, 'B'],
    ['RM-MDF18', 'E1级中纤板 MDF 18mm 橡木纹', 'm2', 48, 7, 100, 'B'],
    ['RM-MDF5', 'E1级中纤板 MDF 5mm 背板', 'm2', 18, 7, 200, 'B'],
    ['RM-MDF3', 'E1级中纤板 MDF 3mm 抽底板', 'm2', 12, 7, 60, 'B'],
    ['RM-PLY15', '多层板 15mm', 'm2', 62, 10, 40, 'B'],
  ],
  edge: [
    ['EB-PVC-2x22-OAK', '封边条 PVC 2×22mm 橡木纹', 'm', 0.65, 10, 3000, 'B'],
    ['EB-PVC-1x22-OAK', '封边条 PVC 1×22mm 橡木纹', 'm', 0.35, 10, 3000, 'B'],
    ['EB-PVC-1x22-WH', '封边条 PVC 1×22mm 暖白', 'm', 0.3, 10, 4000, 'B'],
    ['EB-PVC-1x18-WH', '封边条 PVC 1×18mm 暖白', 'm', 0.25, 10, 2000, 'C'],
  ],
  chemical: [
    ['CM-PU-PRIMER', 'PU透明底漆', 'kg', 28, 10, 80, 'A'],
    ['CM-PU-TOP', 'PU哑光面漆', 'kg', 36, 10, 60, 'A'],
    ['CM-PU-HARD', 'PU固化剂', 'kg', 30, 10, 40, 'B'],
    ['CM-THINNER', '稀释剂', 'kg', 14, 7, 50, 'C'],
    ['CM-STAIN-WAL', '着色剂 胡桃色', 'kg', 52, 10, 10, 'C'],
    ['CM-GLUE-PVA', '白乳胶', 'kg', 9.5, 5, 60, 'C'],
    ['CM-GLUE-HM', '封边热熔胶', 'kg', 22, 7, 40, 'C'],
  ],
  hardware: [
    ['HW-SCREW-M6-30', '螺丝 M6×30 内六角', 'pcs', 0.12, 5, 5000, 'C'],
    ['HW-SCREW-M4-25', '拉手螺丝 M4×25', 'pcs', 0.04, 5, 3000, 'C'],
    ['HW-BOLT-M8-50', '螺栓 M8×50 内六角', 'pcs', 0.45, 5, 1500, 'C'],
    ['HW-WASHER-M8', '平垫片 M8', 'pcs', 0.03, 5, 1500, 'C'],
    ['HW-NUT-M8', '预埋螺母 M8', 'pcs', 0.25, 5, 1500, 'C'],
    ['HW-ST-4x16', '自攻螺丝 4×16', 'pcs', 0.02, 5, 20000, 'C'],
    ['HW-ST-4x30', '自攻螺丝 4×30', 'pcs', 0.03, 5, 8000, 'C'],
    ['HW-ST-35x12', '自攻螺丝 3.5×12', 'pcs', 0.015, 5, 20000, 'C'],
    ['HW-CAM', '偏心连接件 三合一', 'set', 0.35, 7, 10000, 'C'],
    ['HW-DOWEL', '木销 8×30', 'pcs', 0.02, 7, 10000, 'C'],
    ['HW-HINGE-STD', '铰链 全盖 普通', 'pcs', 0.9, 10, 400, 'B'],
    ['HW-HINGE-SOFT', '阻尼铰链 全盖', 'pcs', 3.2, 12, 600, 'B'],
    ['HW-SLIDE-350', '三节滑轨 350mm', 'set', 8.5, 10, 200, 'B'],
    ['HW-SLIDE-450', '三节滑轨 450mm', 'set', 10.5, 10, 300, 'B'],
    ['HW-HANDLE-96', '铝合金把手 96mm', 'pcs', 3.8, 10, 300, 'B'],
    ['HW-HANDLE-128', '铝合金把手 128mm', 'pcs', 4.5, 10, 300, 'B'],
    ['HW-HANDLE-320', '铝合金长把手 320mm', 'pcs', 9.8, 10, 150, 'B'],
    ['HW-FELT', '毛毡脚垫', 'pcs', 0.15, 5, 2000, 'C'],
    ['HW-FOOT-ADJ', '调节脚', 'pcs', 1.6, 7, 400, 'C'],
    ['HW-ROD', '椭圆衣通杆', 'm', 12, 10, 60, 'C'],
    ['HW-ROD-HOLDER', '衣通托', 'pcs', 0.8, 10, 200, 'C'],
    ['HW-SHELF-PIN', '层板托', 'pcs', 0.05, 5, 3000, 'C'],
    ['HW-CLIP', '桌面固定码', 'pcs', 0.35, 5, 800, 'C'],
    ['HW-HEXKEY', '内六角扳手', 'pcs', 0.4, 5, 500, 'C'],
    ['HW-BUMPER', '防撞粒', 'pcs', 0.02, 5, 5000, 'C'],
    ['HW-ANTITIP', '防倾倒器', 'pcs', 1.5, 7, 100, 'C'],
    ['HW-STAPLE', '码钉 1013J', 'pcs', 0.002, 5, 20000, 'C'],
  ],
  'chair-part': [
    ['CH-GASLIFT', '气压棒 三级', 'pcs', 18, 15, 80, 'B'],
    ['CH-BASE', '尼龙五星脚 320mm', 'pcs', 32, 15, 60, 'B'],
    ['CH-CASTER', '静音脚轮 50mm', 'pcs', 2.6, 15, 400, 'C'],
    ['CH-MECH', '多功能底盘', 'pcs', 45, 20, 50, 'B'],
    ['CH-ARM', '升降扶手', 'pcs', 16, 15, 100, 'B'],
    ['CH-BACKFRAME', '靠背框 PP', 'pcs', 22, 15, 50, 'B'],
    ['CH-LUMBAR', '腰靠', 'pcs', 9, 15, 50, 'C'],
  ],
  soft: [
    ['RM-MESH', '透气网布', 'm2', 28, 10, 40, 'B'],
    ['RM-PU-LEATHER', 'PU皮革 幅宽1.37m', 'm', 35, 10, 40, 'B'],
    ['RM-FABRIC', '棉麻面料 幅宽1.45m', 'm', 26, 10, 60, 'B'],
    ['RM-SPONGE-30', '高密度海绵 30mm', 'm2', 24, 7, 40, 'C'],
    ['RM-SPONGE-50', '高密度海绵 50mm', 'm2', 38, 7, 30, 'C'],
  ],
  packaging: [
    ['PK-BOX-DT', '纸箱 餐桌桌面 五层瓦楞', 'pcs', 28, 5, 40, 'C'],
    ['PK-BOX-LEG', '纸箱 桌腿', 'pcs', 9, 5, 40, 'C'],
    ['PK-BOX-CH', '纸箱 餐椅 2只装', 'pcs', 16, 5, 80, 'C'],
    ['PK-BOX-DK', '纸箱 书桌', 'pcs', 22, 5, 40, 'C'],
    ['PK-BOX-WR', '纸箱 衣柜板件', 'pcs', 24, 5, 60, 'C'],
    ['PK-BOX-NS', '纸箱 床头柜', 'pcs', 8, 5, 60, 'C'],
    ['PK-BOX-OC', '纸箱 办公椅', 'pcs', 15, 5, 50, 'C'],
    ['PK-BOX-CAB', '纸箱 柜类通用', 'pcs', 18, 5, 60, 'C'],
    ['PK-FOAM', '珍珠棉 EPE 10mm', 'm2', 2.2, 5, 500, 'C'],
    ['PK-CORNER', '纸护角', 'pcs', 0.3, 5, 2000, 'C'],
    ['PK-FILM', '缠绕膜', 'kg', 12, 5, 30, 'C'],
    ['PK-MANUAL', '安装说明书', 'pcs', 0.5, 5, 500, 'C'],
    ['PK-LABEL', '合格证及条码标签', 'pcs', 0.05, 5, 2000, 'C'],
  ],
};

/** Every purchased part, raw material and packaging item of the plant. */
export function addPurchasedItems(b: CatalogBuilder): void {
  for (const [group, rows] of Object.entries(PURCHASED) as [StockGroup, Row[]][]) {
    for (const [code, name, uom, cost, leadTime, safetyStock, abcClass] of rows) {
      b.item({ code, name, uom, type: 'buy', group, cost, leadTime, safetyStock, abcClass });
    }
  }
  // Lines give edge-banding glue in g and hanging rails in mm; screws are bought by the box.
  b.convert('mm', 'm', 0.001);
  b.convert('g', 'kg', 0.001);
  b.convert('box', 'pcs', 200, 'HW-SCREW-M6-30');
  b.convert('box', 'pcs', 1000, 'HW-ST-4x16');
  b.convert('box', 'pcs', 5000, 'HW-STAPLE');
}
