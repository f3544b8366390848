import { describe, expect, it } from 'vitest';
import { newReplyText } from '#domain/reply-text';

describe('a reply’s signature never reaches the other person', () => {
  it('drops a signature block that starts with the sender’s family name, and a bare first name', () => {
    const drops: [string, string][] = [
      ['Went well.\n\nBen Liu, MD\nPGY-2 Internal Medicine\nPager 4471', 'Dr Ben Liu'],
      [
        'Went well.\n\nBen\n\nBenjamin Liu MD MPH\nChief Resident | Internal Medicine',
        'Dr Ben Liu',
      ],
      ['Went well.\n\nBen', 'Liu, Benjamin'],
      ['Went well.\n\nDR. ADA OKAFOR\nConsultant, Critical Care', 'Prof. Dr Ada Okafor'],
    ];
    for (const [body, sender] of drops) expect(newReplyText(body, sender)).toBe('Went well.');
  });

  it('keeps text that only mentions the name, or a name that merely starts the same', () => {
    const keeps: [string, string][] = [
      ['Went well.\n\nNext: I will ask Dr Liu’s team about the rota next week.', 'Dr Ben Liu'],
      ['Went well.\n\nLiu-Chen rotation next month', 'Dr Ben Liu'],
      ['Went well.\n\nBenefits of the rotation: more procedures', 'Dr Ben Liu'],
      ['Liu', 'Dr Ben Liu'],
    ];
    for (const [body, sender] of keeps) expect(newReplyText(body, sender)).toBe(body);
  });
});
