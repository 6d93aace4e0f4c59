/** Microcontroller boards for MQTT counter buttons and LED counter displays, as ESPHome names them. */
export const COUNTER_BOARDS = ['esp32dev', 'nodemcu-32s', 'd1_mini', 'nodemcuv2'] as const;
export type CounterBoard = (typeof COUNTER_BOARDS)[number];

export function boardPlatform(board: CounterBoard): 'esp32' | 'esp8266' {
  return board === 'd1_mini' || board === 'nodemcuv2' ? 'esp8266' : 'esp32';
}

/** GPIO pins for the buttons and the display, per platform; a plain wiring that both board families have free. */
export const COUNTER_PINS = {
  esp32: { callNext: 'GPIO25', recall: 'GPIO26', clk: 'GPIO18', data: 'GPIO23', cs: 'GPIO5' },
  esp8266: { callNext: 'D1', recall: 'D2', clk: 'D5', data: 'D7', cs: 'D8' },
} as const;
