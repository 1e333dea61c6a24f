import { Input, Text, View } from '@tarojs/components';
import { stepQty } from './report-model';

/** A quantity a gloved thumb can set: big − and + around a numeric field. */
export function QtyField({
  id,
  label,
  value,
  unit,
  problem,
  tone,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  unit?: string;
  problem?: string;
  tone?: 'good' | 'scrap';
  onChange(value: string): void;
}) {
  return (
    <View className={`sf-qty sf-qty--${tone ?? 'good'}${problem ? ' has-problem' : ''}`}>
      <View className="sf-qty__head">
        <Text className="sf-qty__label">{label}</Text>
        {unit ? <Text className="sf-qty__unit">{unit}</Text> : null}
      </View>
      <View className="sf-qty__row">
        <View className="sf-qty__step" onClick={() => onChange(stepQty(value, -1))}>
          <Text>−</Text>
        </View>
        <Input
          id={id}
          className="sf-qty__input"
          // H5: a text field with the decimal keypad. Taro's `digit` drops a typed '-', so "-3"
          // would become 3 and be reported; here it stays and is refused in place.
          type={process.env.TARO_ENV === 'h5' ? 'text' : 'digit'}
          nativeProps={{ inputMode: 'decimal', autoComplete: 'off' }}
          value={value}
          onInput={(event) => onChange(event.detail.value)}
        />
        <View className="sf-qty__step" onClick={() => onChange(stepQty(value, 1))}>
          <Text>+</Text>
        </View>
      </View>
      {problem ? <Text className="sf-qty__problem">{problem}</Text> : null}
    </View>
  );
}
