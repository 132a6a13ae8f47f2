import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { errorMessage } from '../../../api/client.ts';
import { logout } from '../../auth/api/auth.ts';

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (everywhere: boolean) => logout(everywhere),
    onSuccess: async (_data, everywhere) => {
      queryClient.clear();
      await navigate({ to: '/login', replace: true });
      notifications.show({
        message: everywhere ? 'You are logged out on every device.' : 'You are logged out.',
      });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not log out', message: errorMessage(error) }),
  });
}
