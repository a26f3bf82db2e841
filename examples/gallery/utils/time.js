// An npm package (node_modules/dayjs after `npm install`) with its Chinese locale.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

dayjs.locale('zh-cn');

export function formatDate(ms) {
    return dayjs(ms).format('YYYY年M月D日 dddd');
}
